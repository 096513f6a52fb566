/** The maturity self-test in Chromium: without JavaScript in two locales, axe and the Nu Html Checker, and /results/maturity for staff. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import axe from 'axe-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Locale } from '@/i18n/locales';
import { STATEMENTS, STATEMENT_IDS } from '@/maturity/levels';
import { maturityText } from '@/maturity/text';
import { launch } from './chromium';

const baseUrl = inject('chromium') ? inject('baseUrl') : '';
const adminToken = inject('adminToken');
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const VNU = 'node_modules/vnu-jar/build/dist/vnu.jar';
const java = ['/usr/bin/java', process.env.JAVA_HOME && `${process.env.JAVA_HOME}/bin/java`].find((p): p is string => !!p && existsSync(p));

async function violations(page: Page): Promise<string[]> {
  await page.evaluate(axe.source);
  const results = await page.evaluate((tags) => (window as unknown as { axe: typeof axe }).axe.run(document, { runOnly: { type: 'tag', values: tags } }), WCAG_TAGS);
  return results.violations.flatMap((violation) => violation.nodes.map((node) => `${violation.id}: ${node.target.join(' ')}`));
}

/** The Nu Html Checker (vnu.jar from the vnu-jar package, on the machine's Java) on pages as served: its errors and warnings. */
function nuChecker(pages: Record<string, string>): string[] {
  if (!java) {
    if (process.env.CI) throw new Error('Java not found (apt-get install default-jre-headless): the Nu Html Checker cannot run');
    console.warn('Java not found: the Nu Html Checker is skipped locally');
    return [];
  }
  const dir = mkdtempSync(`${tmpdir()}/nps-vnu-`);
  try {
    const files = Object.entries(pages).map(([name, html]) => {
      const file = `${dir}/${name}.html`;
      writeFileSync(file, html);
      return file;
    });
    const out = execFileSync(java, ['-jar', VNU, '--format', 'json', '--stdout', '--exit-zero-always', ...files], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const { messages } = JSON.parse(out) as { messages: { type: string; url: string; message: string; lastLine?: number }[] };
    return messages.map((m) => `${m.type} ${m.url.split('/').pop()}:${m.lastLine}: ${m.message}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Answers to give, per level: every statement of a level gets the same value. */
const byLevel = (values: [number, number, number, number, number]) => Object.fromEntries(STATEMENTS.map((s) => [s.id, values[s.level - 1]!]));

describe.skipIf(!baseUrl)('the maturity self-test in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function answerWithoutJavaScript(locale: Locale, answers: Record<string, number>, department: string) {
    const t = maturityText(locale);
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${baseUrl}/${locale}/maturity/`);
    expect(await page.getAttribute('html', 'lang')).toBe(locale);
    await expect(page.locator('h1').textContent()).resolves.toBe(t.title);
    for (const statement of STATEMENTS) {
      const group = page.getByRole('group', { name: t.statements[statement.id] });
      await group.getByRole('radio', { name: t.scale[answers[statement.id]! - 1]!, exact: true }).check();
    }
    await page.getByLabel(t.department).fill(department);
    await page.getByRole('button', { name: t.submit }).click();
    await page.waitForLoadState();
    return { page, t };
  }

  it.each([
    ['sv', [5, 4, 3, 2, 1], 2],
    ['pl', [5, 5, 4, 4, 3], 4],
  ] as const)('works without JavaScript in %s: twelve statements, a department, the result with its level, distances and next steps', async (locale, values, level) => {
    const { page, t } = await answerWithoutJavaScript(locale, byLevel([...values]), `Dział ${locale}`);
    expect(page.url()).toBe(`${baseUrl}/${locale}/maturity/`);
    await expect(page.locator('h1').textContent()).resolves.toBe(t.resultTitle);
    await expect(page.locator('h2[data-level]').getAttribute('data-level')).resolves.toBe(String(level));
    await expect(page.locator('h2[data-level]').textContent()).resolves.toContain(t.levels[level].name);
    // One row per level; the levels met say so, the others how many points are missing.
    expect(await page.locator('table.levels tbody tr').count()).toBe(5);
    await expect(page.locator(`tr[data-level="${level}"] [data-points]`).textContent()).resolves.toContain(t.met);
    await expect(page.locator(`tr[data-level="${level + 1}"] [data-points]`).textContent()).resolves.not.toContain(t.met);
    const steps = await page.locator('ul.activities li').allTextContents();
    expect(steps).toEqual(t.activities[level]);
    expect(steps.length).toBeGreaterThanOrEqual(3);
    mkdirSync('test-results', { recursive: true });
    const shot = await page.screenshot({ path: `test-results/maturity-result-${locale}.png`, fullPage: true });
    expect(shot.byteLength).toBeGreaterThan(5_000);
    await page.context().close();
  }, 60_000);

  it.each([
    ['phone', 360, 740],
    ['desktop', 1280, 900],
  ] as const)('the questionnaire and the result page have no axe violations on a %s', async (_screen, width, height) => {
    // axe runs as a script in the page: these contexts allow it (the pages themselves load none).
    for (const path of ['/maturity/', '/fi/maturity/']) {
      const context = await browser.newContext({ viewport: { width, height } });
      const page = await context.newPage();
      await page.goto(`${baseUrl}${path}`);
      expect(await page.locator('input[type=radio]').count()).toBe(STATEMENT_IDS.length * 5);
      expect(await violations(page)).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      for (const id of STATEMENT_IDS) await page.locator(`input[name="answers.${id}"][value="4"]`).check();
      await page.locator('button[type=submit]').click();
      await page.waitForSelector('table.levels');
      expect(await violations(page)).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await context.close();
    }
  }, 60_000);

  it('the Nu Html Checker finds nothing on the questionnaire in two locales, the result page and the refusal page', async () => {
    const form = (locale: string, fields: Record<string, string>) =>
      fetch(`${baseUrl}/${locale}/maturity/`, { method: 'POST', headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields) });
    const answers = Object.fromEntries(STATEMENT_IDS.map((id) => [`answers.${id}`, '4']));
    const result = await form('de', answers);
    const refusal = await form('da', { 'answers.talk': '9' });
    expect([result.status, refusal.status]).toEqual([200, 400]);
    const pages = {
      'questionnaire-en': await (await fetch(`${baseUrl}/maturity/`)).text(),
      'questionnaire-nb': await (await fetch(`${baseUrl}/nb/maturity/`)).text(),
      'result-de': await result.text(),
      'refusal-da': await refusal.text(),
    };
    expect(nuChecker(pages)).toEqual([]);
  }, 60_000);
});

describe.skipIf(!baseUrl)('/results/maturity in Chromium', () => {
  let browser: Browser;
  const department = `<script>document.title='pwned'</script>R&D ${Math.random().toString(36).slice(2, 6)}`;
  beforeAll(async () => {
    // Six answers from one department (over the privacy floor), all at level 5.
    for (let i = 0; i < 6; i++) {
      const fields = { ...Object.fromEntries(STATEMENT_IDS.map((id) => [`answers.${id}`, '5'])), department };
      const res = await fetch(`${baseUrl}/maturity/`, {
        method: 'POST',
        headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', 'cf-connecting-ip': `198.51.100.${200 + i}` },
        body: new URLSearchParams(fields),
      });
      expect(res.status).toBe(200);
    }
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('is closed without credentials', async () => {
    const res = await fetch(`${baseUrl}/results/maturity`, { redirect: 'manual', headers: { accept: 'application/json' } });
    expect(res.status).toBe(401);
    expect(await res.text()).not.toContain('R&amp;D');
  });

  it.each([
    ['phone', 360, 740],
    ['desktop', 1280, 900],
  ] as const)('shows staff the levels and the department, its name inert, with no axe violations on a %s', async (_screen, width, height) => {
    const context = await browser.newContext({ viewport: { width, height } });
    const login = await context.request.post(`${baseUrl}/login`, { form: { token: adminToken, next: '/results/maturity' }, maxRedirects: 0 });
    expect(login.status()).toBe(303);
    const page = await context.newPage();
    const res = await page.goto(`${baseUrl}/results/maturity`);
    expect(res!.status()).toBe(200);
    await expect(page.locator('h1').textContent()).resolves.toBe('Customer-focus maturity');
    expect(Number(await page.locator('tr[data-level="5"] [data-count]').getAttribute('data-count'))).toBeGreaterThanOrEqual(6);
    const row = page.locator('tr[data-department]').filter({ hasText: department.slice(-8) });
    await expect(row.locator('th').textContent()).resolves.toBe(department);
    await expect(row.locator('[data-n]').getAttribute('data-n')).resolves.toBe('6');
    expect(await page.title()).not.toBe('pwned');
    expect(await violations(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    await context.close();
  });
});
