/** The MAILS queue's consumer: claims each message's rows, sends each mail once, records the outcome; the dead-letter queue's marks the rest failed. */
import { backoffSeconds } from '@/alerts/payload';
import { claimMails, markFailed, recordSends } from '../db/outbox';
import { renderMail } from './render';
import { sendMail } from './send';
import type { MailMessage } from './enqueue';

export const MAIL_QUEUE = 'nps-mails';
export const MAIL_DEAD_LETTER_QUEUE = 'nps-mails-dead';

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * One message: three D1 queries (claim, then the sent and the failed marked in one batch) and at
 * most 50 sends. Only rows claimed here are sent, so a row already sent never is again.
 *
 * The crash window: if the Worker dies after a send and before its mark, the row stays 'sending'.
 * The message comes back (never acked), but the claim takes 'queued' rows only, so it is not sent
 * again; the Cron sweep later marks it 'failed' as interrupted ("it may have gone out"). A mail is
 * thus sent at most once: in that rare case possibly not at all, and the outbox says so.
 */
async function deliver(env: Env, message: Message<MailMessage>, now: () => number) {
  const claimed = await claimMails(env.DB, message.body.mails, now());
  const sent: string[] = [];
  const failed: { id: string; error: string }[] = [];
  for (const row of claimed) {
    const mail = renderMail(row, '');
    if (!mail) {
      failed.push({ id: row.id, error: `no survey "${row.survey}" to render the mail from` });
      continue;
    }
    try {
      await sendMail(env, row.recipient, mail);
      sent.push(row.id);
    } catch (error) {
      failed.push({ id: row.id, error: errorText(error) });
    }
  }
  await recordSends(env.DB, sent, failed, now());
  // Rows that failed are 'queued' again (or 'failed' after MAX_TRIES): the message comes back for them alone.
  if (failed.length > 0) message.retry({ delaySeconds: backoffSeconds(message.attempts) });
  else message.ack();
}

/** The queue() handler for the MAILS queue and its dead-letter queue. */
export async function handleMailBatch(batch: MessageBatch<MailMessage>, env: Env, now: () => number = Date.now) {
  for (const message of batch.messages) {
    try {
      if (batch.queue === MAIL_DEAD_LETTER_QUEUE) {
        await markFailed(env.DB, message.body.mails, now());
        message.ack();
      } else {
        await deliver(env, message, now);
      }
    } catch (error) {
      // D1 down: the queue brings the message back; rows claimed and not marked are the sweep's.
      console.error('mail delivery failed before its outcome was recorded', error);
      message.retry({ delaySeconds: backoffSeconds(message.attempts) });
    }
  }
}
