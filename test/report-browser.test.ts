/**
 * Opens the generated report.html in real headless Chromium, offline (every non-file request
 * is aborted and counted), and checks that every chart renders to a visible SVG with no
 * console errors. Saves full-page screenshots under test-output/ for a human look.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompareSummary, SweepSummary } from '../src/lab/compare-summary.js';
import { renderReport } from '../src/report/render-report.js';
import { compareFixture } from './fixtures/report/compare-fixture.js';
import { sweepFixture2d } from './fixtures/report/sweep-fixture.js';

const CHROMIUM = '/usr/bin/chromium';
const OUT_DIR = resolve('test-output');
const hasChromium = existsSync(CHROMIUM);
const MISSING_REASON = `${CHROMIUM} not found: install Debian's "chromium" package to run the report browser test`;

async function writeReport(summary: CompareSummary | SweepSummary, dir: string): Promise<string> {
  rmSync(dir, { recursive: true, force: true });
  await renderReport(summary, (rel, content) => {
    const path = join(dir, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  });
  return join(dir, 'report.html');
}

interface ChartState {
  readonly name: string | null;
  readonly rendered: string | null;
  readonly error: string | null;
  readonly svgWidth: number;
  readonly svgHeight: number;
}

describe('report.html in headless Chromium', () => {
  let browser: Browser | undefined;

  beforeAll(async () => {
    if (!hasChromium) return;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
  });

  const cases: [string, () => CompareSummary | SweepSummary, string][] = [
    ['compare', () => compareFixture(), 'report-screenshot.png'],
    ['sweep', () => sweepFixture2d(), 'report-sweep-screenshot.png'],
  ];

  it.for(cases)('%s report renders every chart offline without console errors', { timeout: 30_000 }, async ([label, make, screenshot], ctx) => {
    if (!hasChromium) {
      if (process.env.CI) throw new Error(`${MISSING_REASON} (required in CI)`);
      // The note is listed after the summary (test/support/skip-reasons-reporter.ts).
      ctx.skip(MISSING_REASON);
      return;
    }
    const htmlPath = await writeReport(make(), join(OUT_DIR, 'report', label));
    const page = await browser!.newPage({ viewport: { width: 1280, height: 900 } });
    const consoleErrors: string[] = [];
    const consoleWarnings: string[] = [];
    const blocked: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error') consoleErrors.push(msg.text());
      if (msg.type() === 'warning') consoleWarnings.push(msg.text());
    });
    page.on('pageerror', (err) => consoleErrors.push(`uncaught: ${err.message}`));
    await page.route('**', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      blocked.push(url);
      return route.abort();
    });
    try {
      await page.goto(pathToFileURL(htmlPath).href, { waitUntil: 'load' });
      const expected = await page.locator('.chart[data-chart]').count();
      expect(expected).toBeGreaterThan(0);
      // Each div ends either rendered or errored; the assertions below tell which.
      await page.waitForFunction(
        () => [...document.querySelectorAll('.chart[data-chart]')]
          .every((d) => d.getAttribute('data-rendered') === 'true' || d.hasAttribute('data-error')),
        undefined, { timeout: 20_000 },
      );
      const states: ChartState[] = await page.$$eval('.chart[data-chart]', (divs) => divs.map((d) => {
        const svg = d.querySelector('svg');
        const box = svg?.getBoundingClientRect();
        return {
          name: d.getAttribute('data-chart'),
          rendered: d.getAttribute('data-rendered'),
          error: d.getAttribute('data-error'),
          svgWidth: box?.width ?? 0,
          svgHeight: box?.height ?? 0,
        };
      }));
      for (const s of states) {
        expect(s.error, `chart ${s.name}`).toBeNull();
        expect(s.rendered, `chart ${s.name}`).toBe('true');
        expect(s.svgWidth, `chart ${s.name} svg width`).toBeGreaterThan(100);
        expect(s.svgHeight, `chart ${s.name} svg height`).toBeGreaterThan(50);
      }
      // Marks actually drawn, not just axes: every chart has paths/rects/symbols beyond its frame.
      const markCounts = await page.$$eval('.chart[data-chart]', (divs) =>
        divs.map((d) => d.querySelectorAll('svg .mark-symbol path, svg .mark-rect path, svg .mark-line path, svg .mark-area path, svg .mark-rule line').length));
      for (const [i, n] of markCounts.entries()) expect(n, `chart ${states[i].name} marks`).toBeGreaterThan(0);
      expect(consoleErrors).toEqual([]);
      // Vega logs data and scale problems (empty domains, infinite extents) as warnings.
      expect(consoleWarnings).toEqual([]);
      expect(blocked).toEqual([]);
      await page.screenshot({ path: join(OUT_DIR, screenshot), fullPage: true });
    } finally {
      await page.close();
    }
  });
});
