/** The ALERTS queue in tests: a binding that keeps what it is sent, a signature-checking receiver, and the consumer run as Cloudflare runs it. */
import { env } from 'cloudflare:workers';
import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test';
import { handleAlertBatch, type DeliveryMessage } from '../../functions/alerts/deliver';

/** An ALERTS binding that keeps what it is sent, or fails every send. */
export function recordingQueue(fail = false) {
  const sent: DeliveryMessage[] = [];
  const queue = {
    async send(body: DeliveryMessage) {
      if (fail) throw new Error('Queue send failed: service unavailable');
      sent.push(body);
    },
    async sendBatch(messages: Iterable<{ body: DeliveryMessage }>) {
      if (fail) throw new Error('Queue send failed: service unavailable');
      for (const m of messages) sent.push(m.body);
    },
  };
  return { sent, ALERTS: queue as unknown as Queue };
}

/** An independent receiver: checks X-NPS-Signature with WebCrypto and drops repeated delivery ids. */
export function receiver(secret: string) {
  const seen = new Set<string>();
  const bodies: Record<string, unknown>[] = [];
  /** The delivery id of every request that arrived, repeats included. */
  const requests: string[] = [];
  async function verify(header: string, raw: string) {
    const parts = Object.fromEntries(header.split(',').map((p) => p.split('=') as [string, string]));
    const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
    const mac = new Uint8Array(parts.v1!.match(/../g)!.map((h) => parseInt(h, 16)));
    return crypto.subtle.verify('HMAC', key, mac, new TextEncoder().encode(`${parts.t}.${raw}`));
  }
  return {
    seen,
    bodies,
    requests,
    async accept(request: Request) {
      const raw = await request.text();
      if (!(await verify(request.headers.get('x-nps-signature') ?? 't=0,v1=00', raw))) return new Response('bad signature', { status: 401 });
      const id = request.headers.get('x-nps-delivery')!;
      requests.push(id);
      if (!seen.has(id)) bodies.push(JSON.parse(raw));
      seen.add(id);
      return new Response('ok');
    },
  };
}

/** Runs the queue as Cloudflare would: retried messages come back with attempts + 1, until none is left. */
export async function drain(messages: DeliveryMessage[], bindings: Partial<Env>, maxRounds = 20) {
  let pending = messages.map((body, i) => ({ id: `m${i}`, timestamp: Date.now(), attempts: 1, body }));
  const delays: number[] = [];
  for (let round = 0; round < maxRounds && pending.length > 0; round++) {
    const batch = createMessageBatch<DeliveryMessage>('nps-alerts', pending);
    const ctx = createExecutionContext();
    // getQueueResult does not report delays: the handler's retry() calls are watched on their way.
    const watched = batch.messages.map(
      (m) =>
        new Proxy(m, {
          get(target, prop) {
            if (prop === 'retry') return (options?: QueueRetryOptions) => (delays.push(options?.delaySeconds ?? 0), target.retry(options));
            const value = Reflect.get(target, prop);
            return typeof value === 'function' ? value.bind(target) : value;
          },
        }),
    );
    await handleAlertBatch({ ...batch, queue: batch.queue, messages: watched } as MessageBatch<DeliveryMessage>, { ...env, ...bindings });
    const result = await getQueueResult(batch, ctx);
    const retried = new Set(result.retryMessages.map((m) => m.msgId));
    pending = pending.filter((m) => retried.has(m.id)).map((m) => ({ ...m, attempts: m.attempts + 1 }));
  }
  return { delays, left: pending.length };
}

