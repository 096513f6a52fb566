/** The call script of a follow-up (domain brief, source 000), with the customer's own score filled in. */

/** The results site is English only (src/layouts/Internal.astro): one wording. */
export function callScript(score: number): string {
  return `I see you gave us ${score} of 10 in our last survey. What do you expect, and what can we do so that you give us a 9 or 10 next time?`;
}
