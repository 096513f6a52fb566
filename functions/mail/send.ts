/** The one place a mail leaves: Cloudflare Email Service's `send_email` binding (EMAIL), in its object form. */
import type { Mail } from '@/mail/invitation';

/** The sender when MAIL_FROM is not set: only the local emulation, which keeps every mail, takes it. */
export const LOCAL_SENDER = 'nps@localhost';

/**
 * Sends one mail to one address. The binding takes `{ from, to, subject, html, text, headers }`
 * (no MIME to build) in production and in Miniflare, which keeps the message (.eml, .html and
 * .txt files, and the local explorer) instead of delivering it. Throws what the service throws.
 */
export async function sendMail(env: Pick<Env, 'EMAIL' | 'MAIL_FROM'>, to: string, mail: Mail) {
  return env.EMAIL.send({ from: env.MAIL_FROM || LOCAL_SENDER, to, subject: mail.subject, html: mail.html, text: mail.text, headers: mail.headers });
}
