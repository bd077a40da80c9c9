import type { Reporter, TestModule } from 'vitest/node';

/**
 * Prints, after vitest's summary, every test that skipped itself and why (the note it gave
 * `ctx.skip(note)`), so a skip is never mistaken for a pass: the default reporter only counts
 * them. The tests that need system tools (Chromium, Jupyter) skip this way outside CI; the
 * note says what is missing, and the footer gives the one command that installs it all.
 * Tests skipped without a note (it.skip, it.todo, a -t filter) are only counted.
 */
export const INSTALL_HINT = 'sudo bash .ci/install-system-deps.sh';

/** One line per skipped test, grouped under its reason; empty when nothing skipped itself. */
export function skipReport(modules: ReadonlyArray<TestModule>): string {
  const byReason = new Map<string, string[]>();
  let silent = 0;
  for (const m of modules) {
    for (const t of m.children.allTests('skipped')) {
      const result = t.result();
      const note = result.state === 'skipped' ? result.note : undefined;
      if (note === undefined || note === '') {
        silent++;
        continue;
      }
      const tests = byReason.get(note) ?? [];
      tests.push(`${m.relativeModuleId} > ${t.fullName}`);
      byReason.set(note, tests);
    }
  }
  if (byReason.size === 0) return '';
  const count = [...byReason.values()].reduce((n, tests) => n + tests.length, 0);
  const lines = [`${count} test${count === 1 ? '' : 's'} skipped, and why:`];
  for (const [reason, tests] of byReason) {
    lines.push(`  ${reason}`);
    for (const t of tests) lines.push(`    - ${t}`);
  }
  if (silent > 0) lines.push(`  (${silent} more skipped without a reason: it.skip, it.todo or a -t filter)`);
  lines.push(`To run them: ${INSTALL_HINT}   (Chromium and Jupyter from Debian; see README, Testing)`);
  return lines.join('\n');
}

export default class SkipReasonsReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const report = skipReport(modules);
    if (report !== '') process.stdout.write(`\n${report}\n\n`);
  }
}
