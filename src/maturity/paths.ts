/** Where the maturity self-test lives: /maturity/ in English, /<locale>/maturity/ in every locale (English too). */
import { LOCALES, type Locale } from '@/i18n/locales';

export const MATURITY_DEFAULT_LOCALE: Locale = 'en';

export const maturityPath = (locale?: Locale) => (locale ? `/${locale}/maturity/` : '/maturity/');

/** getStaticPaths of /[locale]/maturity/. */
export const maturityPages = () => LOCALES.map((locale) => ({ params: { locale }, props: { locale } }));
