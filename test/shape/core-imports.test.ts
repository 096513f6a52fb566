import { describe, expect, it } from 'vitest';
import { edgeImports, isCore } from '../support/core-imports';

// Every source file of src/, as text, bundled by Vite at test time.
const sources = import.meta.glob<string>('/src/**/*.{ts,astro,mjs,js}', { eager: true, query: '?raw', import: 'default' });
const files = Object.entries(sources).map(([path, text]) => [path.slice(1), text] as const);

describe('the pure core (src/ outside src/pages and src/middleware.ts) imports neither functions/ nor cloudflare:workers', () => {
  it('holds for every file of the core', () => {
    const core = files.filter(([path]) => isCore(path));
    expect(core.length).toBeGreaterThan(40);
    const broken = core.flatMap(([path, text]) => edgeImports(path, text).map((specifier) => `${path} imports ${specifier}`));
    expect(broken).toEqual([]);
  });

  it('pages and the middleware are the edge side and may import functions/', () => {
    expect(isCore('src/pages/results/index.astro')).toBe(false);
    expect(isCore('src/middleware.ts')).toBe(false);
    expect(isCore('src/report/survey-report.ts')).toBe(true);
    expect(isCore('src/components/ThanksPage.astro')).toBe(true);
  });

  it.each([
    ['a value import', `import { rollupStatus } from '../../functions/db/rollups';`, ['../../functions/db/rollups']],
    ['a type-only import over lines', `import type {\n  RollupStatus,\n} from "../../functions/db/rollups";`, ['../../functions/db/rollups']],
    ['a re-export', `export { getSurvey } from '../../functions/surveys/catalog';`, ['../../functions/surveys/catalog']],
    ['a dynamic import', `const m = await import('../../functions/app');`, ['../../functions/app']],
    ['the Workers runtime', `import { env } from 'cloudflare:workers';`, ['cloudflare:workers']],
    ['the alias walking out of src/', `import x from '@/../functions/app';`, ['@/../functions/app']],
    ['the edge alias', `import { loadThanks } from '@functions/pages/thanks';`, ['@functions/pages/thanks']],
  ])('catches %s', (_, text, expected) => {
    expect(edgeImports('src/report/example.ts', text)).toEqual(expected);
  });

  it.each([
    ['a core module', `import { pathKey } from './segments';`],
    ['the alias', `import { dayOf } from '@/report/days';`],
    ['a package', `import { utcDay } from 'd3-time';`],
    ['a folder of src/ named like the edge', `import x from '../functions-of-charts/x';`],
    ['a mention in a comment or a string', `// read by functions/db/results.ts\nconst where = 'functions/pages/';`],
  ])('lets %s through', (_, text) => {
    expect(edgeImports('src/report/example.ts', text)).toEqual([]);
  });
});
