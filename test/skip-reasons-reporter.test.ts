import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { INSTALL_HINT } from './support/skip-reasons-reporter.js';

/**
 * A skip must never read as a pass: vitest, configured as npm test configures it, runs a small
 * suite whose tests skip with and without a reason, and the summary must list each reason with
 * its tests, count the silent ones, and say how to install what is missing.
 */
const REPO = resolve(import.meta.dirname, '..');
const dir = join(REPO, 'test-output', 'skip-reporter-fixture');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('lists every self-skipped test under its reason after the summary', () => {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'skipping.test.ts'), [
    "import { describe, it } from 'vitest';",
    "describe('needs things', () => {",
    "  it('moon a', (ctx) => ctx.skip('the moon is not installed'));",
    "  it('moon b', (ctx) => ctx.skip('the moon is not installed'));",
    "  it('tea', (ctx) => ctx.skip('no tea: apt-get install tea'));",
    "  it('runs', () => {});",
    "  it.skip('silent', () => {});",
    '});',
    '',
  ].join('\n'));
  const r = spawnSync(process.execPath, [join(REPO, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--config', join(REPO, 'vitest.config.ts'), '--root', dir], {
    encoding: 'utf8', env: { ...process.env, CI: '', NO_COLOR: '1', FORCE_COLOR: '0' }, timeout: 60_000,
  });
  expect(r.status, r.stderr).toBe(0);
  const report = r.stdout.slice(r.stdout.indexOf('3 tests skipped, and why:'));
  expect(report.trim().split('\n')).toEqual([
    '3 tests skipped, and why:',
    '  the moon is not installed',
    '    - skipping.test.ts > needs things > moon a',
    '    - skipping.test.ts > needs things > moon b',
    '  no tea: apt-get install tea',
    '    - skipping.test.ts > needs things > tea',
    '  (1 more skipped without a reason: it.skip, it.todo or a -t filter)',
    `To run them: ${INSTALL_HINT}   (Chromium and Jupyter from Debian; see README, Testing)`,
  ]);
  // After vitest's own summary, where a reader looks last.
  expect(r.stdout.indexOf('Test Files')).toBeLessThan(r.stdout.indexOf('3 tests skipped, and why:'));
}, 90_000);
