/** The invitation e-mail's own text in each locale (the question and the reason prompt come from the survey's wording). */
import type { Locale } from './locales';

// {company} follows a noun that takes the case in pl and fi, as in the survey pages' text.
export interface MailMessages {
  subject: string;
  greeting: string;
  greetingNamed: string;
  intro: string;
  reasonNext: string;
  why: string;
  unsubscribe: string;
  /** The one reminder of a wave (README, "Waves"): its subject and the line in place of `intro`. */
  reminderSubject: string;
  reminderIntro: string;
}

export const MAIL_MESSAGES: Record<Locale, MailMessages> = {
  en: {
    subject: '{company} would like to hear from you',
    greeting: 'Hello,',
    greetingNamed: 'Hello {name},',
    intro: 'It takes one click: choose a number below.',
    reasonNext: 'Then, if you like, tell us in your own words: {reason}',
    why: 'You are receiving this e-mail because you are a customer of {company}.',
    unsubscribe: 'No more survey invitations',
    reminderSubject: 'A reminder: {company} would still like to hear from you',
    reminderIntro: 'We asked you a few days ago and have not heard from you yet. It still takes one click: choose a number below.',
  },
  sv: {
    subject: '{company} vill gärna höra vad du tycker',
    greeting: 'Hej!',
    greetingNamed: 'Hej {name}!',
    intro: 'Det räcker med ett klick: välj en siffra här nedanför.',
    reasonNext: 'Berätta sedan gärna med egna ord: {reason}',
    why: 'Du får det här mejlet eftersom du är kund hos {company}.',
    unsubscribe: 'Jag vill inte få fler enkäter',
    reminderSubject: 'En påminnelse: {company} vill fortfarande gärna höra vad du tycker',
    reminderIntro: 'Vi frågade dig för några dagar sedan men har inte hört av dig än. Det räcker fortfarande med ett klick: välj en siffra här nedanför.',
  },
  da: {
    subject: '{company} vil gerne høre din mening',
    greeting: 'Hej',
    greetingNamed: 'Hej {name}',
    intro: 'Det kræver kun et klik: vælg et tal herunder.',
    reasonNext: 'Fortæl os derefter gerne med dine egne ord: {reason}',
    why: 'Du modtager denne e-mail, fordi du er kunde hos {company}.',
    unsubscribe: 'Jeg ønsker ikke flere undersøgelser',
    reminderSubject: 'En påmindelse: {company} vil stadig gerne høre din mening',
    reminderIntro: 'Vi spurgte dig for nogle dage siden, men har ikke hørt fra dig endnu. Det kræver stadig kun et klik: vælg et tal herunder.',
  },
  pl: {
    subject: 'Firma {company} chętnie pozna Twoje zdanie',
    greeting: 'Dzień dobry!',
    greetingNamed: 'Dzień dobry, {name}!',
    intro: 'Wystarczy jedno kliknięcie: wybierz liczbę poniżej.',
    reasonNext: 'Potem, jeśli chcesz, napisz nam własnymi słowami: {reason}',
    why: 'Otrzymujesz tę wiadomość, ponieważ jesteś klientem firmy {company}.',
    unsubscribe: 'Nie chcę więcej ankiet',
    reminderSubject: 'Przypomnienie: firma {company} wciąż chętnie pozna Twoje zdanie',
    reminderIntro: 'Kilka dni temu poprosiliśmy Cię o opinię, ale jeszcze jej nie otrzymaliśmy. Nadal wystarczy jedno kliknięcie: wybierz liczbę poniżej.',
  },
  de: {
    subject: '{company} interessiert sich für Ihre Meinung',
    greeting: 'Guten Tag,',
    greetingNamed: 'Guten Tag {name},',
    intro: 'Ein Klick genügt: Wählen Sie unten eine Zahl.',
    reasonNext: 'Danach können Sie uns gern in eigenen Worten schreiben: {reason}',
    why: 'Sie erhalten diese E-Mail, weil Sie Kunde von {company} sind.',
    unsubscribe: 'Keine Umfragen mehr erhalten',
    reminderSubject: 'Erinnerung: {company} interessiert sich weiterhin für Ihre Meinung',
    reminderIntro: 'Wir haben Sie vor einigen Tagen um Ihre Meinung gebeten und noch keine Antwort erhalten. Ein Klick genügt weiterhin: Wählen Sie unten eine Zahl.',
  },
  nb: {
    subject: '{company} vil gjerne høre hva du mener',
    greeting: 'Hei!',
    greetingNamed: 'Hei {name}!',
    intro: 'Det holder med ett klikk: velg et tall nedenfor.',
    reasonNext: 'Fortell oss gjerne etterpå med dine egne ord: {reason}',
    why: 'Du får denne e-posten fordi du er kunde hos {company}.',
    unsubscribe: 'Jeg vil ikke ha flere undersøkelser',
    reminderSubject: 'En påminnelse: {company} vil fortsatt gjerne høre hva du mener',
    reminderIntro: 'Vi spurte deg for noen dager siden, men har ikke hørt fra deg ennå. Det holder fortsatt med ett klikk: velg et tall nedenfor.',
  },
  fi: {
    subject: 'Yritys {company} haluaa kuulla mielipiteesi',
    greeting: 'Hei!',
    greetingNamed: 'Hei {name}!',
    intro: 'Yksi klikkaus riittää: valitse numero alta.',
    reasonNext: 'Kerro sen jälkeen halutessasi omin sanoin: {reason}',
    why: 'Saat tämän viestin, koska olet yrityksen {company} asiakas.',
    unsubscribe: 'En halua enää kyselyitä',
    reminderSubject: 'Muistutus: yritys {company} haluaa yhä kuulla mielipiteesi',
    reminderIntro: 'Kysyimme mielipidettäsi muutama päivä sitten, mutta emme ole vielä saaneet vastaustasi. Yksi klikkaus riittää edelleen: valitse numero alta.',
  },
};

/** One mail string of a locale with {placeholders} filled in. */
export function mailText(locale: Locale, key: keyof MailMessages, values: Record<string, string> = {}) {
  return MAIL_MESSAGES[locale][key].replace(/\{(\w+)\}/g, (match, name: string) => values[name] ?? match);
}
