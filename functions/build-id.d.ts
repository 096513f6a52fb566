/** The build's id, replaced at build time (astro.config.mjs, test/vitest.config.ts): the rendered-page cache keys pages by it. */
declare const __BUILD_ID__: string;
