/** The MAILS queue and the EMAIL binding in tests: a queue that keeps each message, a mailbox that keeps each mail, and the consumer run as Cloudflare runs it. */
import { env } from 'cloudflare:workers';
import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test';
import { handleMailBatch, MAIL_QUEUE } from '../../functions/mail/deliver';
import type { MailMessage } from '../../functions/mail/enqueue';

/** A MAILS binding that keeps each message, or fails every send. */
export function recordingMailQueue(fail = false) {
  const sent: MailMessage[] = [];
  const queue = {
    async send(body: MailMessage) {
      if (fail) throw new Error('Queue send failed');
      sent.push(body);
    },
    async sendBatch(messages: Iterable<{ body: MailMessage }>) {
      if (fail) throw new Error('Queue send failed');
      for (const m of messages) sent.push(m.body);
    },
  };
  return { sent, MAILS: queue as unknown as Queue };
}

export interface DeliveredMail {
  to: string;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
}

/** An EMAIL binding that keeps every mail it is given. */
export function mailbox() {
  const delivered: DeliveredMail[] = [];
  const binding = {
    async send(message: DeliveredMail) {
      delivered.push(message);
      return { messageId: `m${delivered.length}` };
    },
  };
  return { delivered, EMAIL: binding as unknown as SendEmail };
}

/** Runs the queue as Cloudflare would: retried messages come back with attempts + 1, until none is left. */
export async function drainMails(messages: MailMessage[], bindings: Partial<Env>, maxRounds = 30) {
  let pending = messages.map((body, i) => ({ id: `m${i}`, timestamp: Date.now(), attempts: 1, body }));
  let rounds = 0;
  for (; rounds < maxRounds && pending.length > 0; rounds++) {
    const batch = createMessageBatch<MailMessage>(MAIL_QUEUE, pending);
    const ctx = createExecutionContext();
    await handleMailBatch(batch, { ...env, ...bindings });
    const result = await getQueueResult(batch, ctx);
    const retried = new Set(result.retryMessages.map((m) => m.msgId));
    pending = pending.filter((m) => retried.has(m.id)).map((m) => ({ ...m, attempts: m.attempts + 1 }));
  }
  return { left: pending, rounds };
}
