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
  },
  sv: {
    subject: '{company} vill gärna höra vad du tycker',
    greeting: 'Hej!',
    greetingNamed: 'Hej {name}!',
    intro: 'Det räcker med ett klick: välj en siffra här nedanför.',
    reasonNext: 'Berätta sedan gärna med egna ord: {reason}',
    why: 'Du får det här mejlet eftersom du är kund hos {company}.',
    unsubscribe: 'Jag vill inte få fler enkäter',
  },
  da: {
    subject: '{company} vil gerne høre din mening',
    greeting: 'Hej',
    greetingNamed: 'Hej {name}',
    intro: 'Det kræver kun et klik: vælg et tal herunder.',
    reasonNext: 'Fortæl os derefter gerne med dine egne ord: {reason}',
    why: 'Du modtager denne e-mail, fordi du er kunde hos {company}.',
    unsubscribe: 'Jeg ønsker ikke flere undersøgelser',
  },
  pl: {
    subject: 'Firma {company} chętnie pozna Twoje zdanie',
    greeting: 'Dzień dobry!',
    greetingNamed: 'Dzień dobry, {name}!',
    intro: 'Wystarczy jedno kliknięcie: wybierz liczbę poniżej.',
    reasonNext: 'Potem, jeśli chcesz, napisz nam własnymi słowami: {reason}',
    why: 'Otrzymujesz tę wiadomość, ponieważ jesteś klientem firmy {company}.',
    unsubscribe: 'Nie chcę więcej ankiet',
  },
  de: {
    subject: '{company} interessiert sich für Ihre Meinung',
    greeting: 'Guten Tag,',
    greetingNamed: 'Guten Tag {name},',
    intro: 'Ein Klick genügt: Wählen Sie unten eine Zahl.',
    reasonNext: 'Danach können Sie uns gern in eigenen Worten schreiben: {reason}',
    why: 'Sie erhalten diese E-Mail, weil Sie Kunde von {company} sind.',
    unsubscribe: 'Keine Umfragen mehr erhalten',
  },
  nb: {
    subject: '{company} vil gjerne høre hva du mener',
    greeting: 'Hei!',
    greetingNamed: 'Hei {name}!',
    intro: 'Det holder med ett klikk: velg et tall nedenfor.',
    reasonNext: 'Fortell oss gjerne etterpå med dine egne ord: {reason}',
    why: 'Du får denne e-posten fordi du er kunde hos {company}.',
    unsubscribe: 'Jeg vil ikke ha flere undersøkelser',
  },
  fi: {
    subject: 'Yritys {company} haluaa kuulla mielipiteesi',
    greeting: 'Hei!',
    greetingNamed: 'Hei {name}!',
    intro: 'Yksi klikkaus riittää: valitse numero alta.',
    reasonNext: 'Kerro sen jälkeen halutessasi omin sanoin: {reason}',
    why: 'Saat tämän viestin, koska olet yrityksen {company} asiakas.',
    unsubscribe: 'En halua enää kyselyitä',
  },
};

/** One mail string of a locale with {placeholders} filled in. */
export function mailText(locale: Locale, key: keyof MailMessages, values: Record<string, string> = {}) {
  return MAIL_MESSAGES[locale][key].replace(/\{(\w+)\}/g, (match, name: string) => values[name] ?? match);
}
