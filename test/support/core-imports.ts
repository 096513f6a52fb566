/** The dependency rule as code: which imports of a file in the pure core (src/ but its pages and middleware) reach the edge. */

/** Every module a source text imports or re-exports: static, type-only, side-effect and dynamic. */
export function importsOf(text: string): string[] {
  const found = new Set<string>();
  for (const pattern of [/\b(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g, /\bimport\s*['"]([^'"]+)['"]/g, /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g]) {
    for (const match of text.matchAll(pattern)) found.add(match[1]!);
  }
  return [...found];
}

/** A path relative to the project root, with . and .. resolved. */
function resolve(from: string, specifier: string): string {
  const parts = from.split('/').slice(0, -1);
  for (const part of specifier.split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '.') parts.push(part);
  }
  return parts.join('/');
}

/** Whether a project file is in the pure core: src/, except the pages and the middleware Astro requires there. */
export const isCore = (path: string) => path.startsWith('src/') && !path.startsWith('src/pages/') && path !== 'src/middleware.ts';

/** The imports of `path` (relative to the project root) that break the rule: functions/ or cloudflare:workers. */
export function edgeImports(path: string, text: string): string[] {
  return importsOf(text).filter((specifier) => {
    if (specifier === 'cloudflare:workers') return true;
    const target = specifier.startsWith('.')
      ? resolve(path, specifier)
      : specifier.startsWith('@/')
        ? resolve('src/x', `./${specifier.slice(2)}`)
        : specifier.startsWith('@functions/')
          ? resolve('functions/x', `./${specifier.slice('@functions/'.length)}`)
          : null;
    return target !== null && (target === 'functions' || target.startsWith('functions/'));
  });
}
