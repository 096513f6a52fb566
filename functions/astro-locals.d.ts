/** Astro.locals as the Worker fills them (functions/astro-pages.ts copies them from the Hono context). */
declare namespace App {
  interface Locals {
    /** On a miss of the page cache, what its lookup read already (functions/http/page-cache.ts). */
    lookedUp?: import('./http/page-cache').LookedUp;
  }
}
