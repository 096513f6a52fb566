/**
 * Just enough reading of our own chart markup for assertions (workerd has no DOMParser).
 * It reads only what the charts write: flat attributes in double quotes.
 */

export type Element = Record<string, string>;

/** Every opening tag of one element name, as its attributes. */
export function elements(svg: string, name: string): Element[] {
  return [...svg.matchAll(new RegExp(`<${name}(\\s[^>]*?)?/?>`, 'g'))].map((match) =>
    Object.fromEntries([...(match[1] ?? '').matchAll(/([\w:-]+)="([^"]*)"/g)].map(([, key, value]) => [key, value])),
  ) as Element[];
}

export function numbers(svg: string, name: string, attribute: string): number[] {
  return elements(svg, name).map((element) => Number(element[attribute]));
}

/** What each <text> shows, without the tooltip <title> a text may hold; entities left as written. */
export function texts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>(.*?)<\/text>/g)].map((match) => (match[1] ?? '').replace(/<title>.*?<\/title>/g, ''));
}

/** Every <title> inside the chart, except the chart's own (the one with an id). */
export function tooltips(svg: string): string[] {
  return [...svg.matchAll(/<title>(.*?)<\/title>/g)].map((match) => match[1] ?? '');
}

/** Pieces of a path: one `M` per connected run. */
export function runs(d: string | undefined): number {
  return (d ?? '').split('M').length - 1;
}

export function viewBox(svg: string): number[] {
  return (elements(svg, 'svg')[0]?.viewBox ?? '').split(' ').map(Number);
}

/** The tags open and close in order (a stray `<` from a label would break this). */
export function isBalanced(svg: string): boolean {
  const open: string[] = [];
  for (const [, closing, name, selfClosing] of svg.matchAll(/<(\/?)([a-zA-Z]+)\b[^<>]*?(\/?)>/g)) {
    if (selfClosing) continue;
    if (!closing) open.push(name ?? '');
    else if (open.pop() !== name) return false;
  }
  return open.length === 0 && !/<(?![/a-zA-Z])/.test(svg);
}
