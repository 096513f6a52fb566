/** Work that finishes after the reply: waitUntil where the runtime gives an execution context, else awaited (tests calling the app directly). */
type Waiter = { waitUntil(promise: Promise<unknown>): void };

export async function afterReply(c: { executionCtx: Waiter }, work: Promise<unknown>) {
  let ctx: Waiter | undefined;
  try {
    ctx = c.executionCtx;
  } catch {
    ctx = undefined;
  }
  if (ctx) ctx.waitUntil(work);
  else await work;
}
