import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { ProgressBar } from '../../src/cli/progress-bar.js';
import { escapeControls } from '../../src/cli/terminal-output.js';
import { cli } from '../support/cli.js';

/**
 * Control characters from scenario strings (YAML "\e" escapes pass the byte check), from
 * LiteLLM configs and from trace values never reach the terminal raw: no window retitling
 * (ESC ] 0;… BEL), no screen clears (ESC [ 2J, or C1 CSI U+009B 2J), no CR overwrites, no bidi
 * overrides. Every output path is checked: results on stdout, errors, warnings, --explain,
 * the compare table and JSON, the fit table, and the progress bar.
 */

/** What must never be printed raw: C0 but tab and newline, DEL, C1, bidi marks. */
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
/** The hostile text, as a YAML double-quoted escape sequence: ESC ] title BEL, ESC [ 2J, CR, C1 CSI, RLO. */
const YAML_HOSTILE = '\\e]0;pwned\\a\\e[2J\\r\\u009b2J\\u202e';

const dir = mkdtempSync(join(tmpdir(), 'routesim-ctl-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

function scenario(opts: { name?: string; extra?: string; strategy?: string; durationS?: string } = {}): string {
  return [
    `name: ${opts.name ?? 'plain'}`,
    `description: "described ${YAML_HOSTILE}"`,
    `durationS: ${opts.durationS ?? '60'}`,
    'traffic:',
    '  arrivals: { kind: poisson, ratePerS: 2 }',
    'providers:',
    '  - id: only',
    '    models:',
    '      - id: m1',
    ...(opts.strategy ? ['router:', `  strategy: ${opts.strategy}`] : []),
    ...(opts.extra ? [opts.extra] : []),
    '',
  ].join('\n');
}

/** Runs the CLI; its whole output must be free of raw controls and show the escaped ESC where the text was printed. */
async function expectEscaped(args: string[], expectExit: number, shows: 'stdout' | 'stderr'): Promise<string> {
  const r = await cli(args);
  expect(r.exitCode, r.stderr).toBe(expectExit);
  expect(r.stdout).not.toMatch(RAW_CONTROL);
  expect(r.stderr).not.toMatch(RAW_CONTROL);
  expect(r[shows]).toContain('\\u001b');
  return r[shows];
}

describe('escapeControls', () => {
  it('leaves no control character, keeps tab and newline, and keeps JSON valid with the same value', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.oneof(fc.integer({ min: 0, max: 0x2070 }).map((c) => String.fromCharCode(c)), fc.constantFrom('\n', '\t', 'a', '\\')) }), (s) => {
        const out = escapeControls(s);
        expect(out).not.toMatch(RAW_CONTROL);
        expect(out.split('\n').length).toBe(s.split('\n').length);
        expect(JSON.parse(escapeControls(JSON.stringify(s)))).toBe(s);
        expect(escapeControls(out)).toBe(out); // idempotent: tables may escape cells before the stream does
      }),
      { numRuns: 500 },
    );
  });
});

describe('every terminal output path escapes control characters', () => {
  it('validate: the scenario name on stdout', async () => {
    const out = await expectEscaped(['validate', file('name.yaml', scenario({ name: `"ok${YAML_HOSTILE}"` }))], 0, 'stdout');
    expect(out).toContain("'ok\\u001b]0;pwned\\u0007\\u001b[2J\\u000d\\u009b2J\\u202e'");
  });

  it('errors: a bad value, an unknown key, an unknown strategy', async () => {
    await expectEscaped(['validate', file('value.yaml', scenario({ durationS: `"ten${YAML_HOSTILE}"` }))], 2, 'stderr');
    await expectEscaped(['validate', file('key.yaml', scenario({ extra: `"k${YAML_HOSTILE}": 1` }))], 2, 'stderr');
    await expectEscaped(['run', file('strategy.yaml', scenario({ strategy: `"rr${YAML_HOSTILE}"` }))], 2, 'stderr');
  });

  it('usage errors echo the argument escaped', async () => {
    await expectEscaped(['run', join(dir, 'name.yaml'), '--strategy', `x\u001b[2J`], 2, 'stderr');
  });

  it('compare: the table, the JSON summary and the "wrote" line', async () => {
    const src = file('cmp.yaml', scenario({ name: `"cmp${YAML_HOSTILE}"` }));
    const common = ['compare', src, '--strategies', 'round-robin,random', '--replications', '2', '--quiet'];
    await expectEscaped([...common, '--out', join(dir, 'cmp-text')], 0, 'stdout');
    const json = await expectEscaped([...common, '--json', '--out', join(dir, 'cmp-json')], 0, 'stdout');
    expect((JSON.parse(json) as { scenario: { name: string } }).scenario.name).toBe('cmp\u001b]0;pwned\u0007\u001b[2J\r\u009b2J\u202e');
  });

  it('import litellm: warnings name the config key escaped', async () => {
    const config = file('litellm.yaml', `model_list:\n  - model_name: g\n    litellm_params: { model: openai/gpt-4o }\nrouter_settings:\n  "k${YAML_HOSTILE}": 1\n`);
    await expectEscaped(['import', 'litellm', config], 0, 'stderr');
  });

  it('fit latency: trace values (group names) in the table and the blocks', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => `${100 + i},${3 + (i % 5)},p\u001b]0;pwn\u0007\u009b2J`);
    const csv = file('trace.csv', ['ttft_ms,tpot_ms,provider', ...rows, ''].join('\n'));
    const out = await expectEscaped(['fit', 'latency', csv, '--ttft-column', 'ttft_ms', '--per-token-column', 'tpot_ms', '--group-by', 'provider'], 0, 'stdout');
    // Escaped before alignment: the header rule is as wide as the escaped group name.
    const lines = out.split('\n');
    const rule = lines.find((l) => l.startsWith('─'))!;
    expect(rule.split('  ')[0]).toHaveLength('p\\u001b]0;pwn\\u0007\\u009b2J'.length);
  });

  it('the progress bar: its own CR and erase-line only, the label and detail escaped', () => {
    vi.useFakeTimers();
    try {
      let written = '';
      const stream = { isTTY: true, write: (s: string) => ((written += s), true) } as unknown as NodeJS.WriteStream;
      const bar = new ProgressBar('sim\u001b]0;pwn\u0007', false, stream);
      vi.advanceTimersByTime(2000);
      bar.update(0.5, 'detail\u009b2J\r\u202e');
      expect(written.startsWith('\r')).toBe(true);
      expect(written.endsWith('\u001b[K')).toBe(true);
      expect(written.slice(1, -3)).not.toMatch(RAW_CONTROL);
      expect(written).toContain('sim\\u001b]0;pwn\\u0007');
    } finally {
      vi.useRealTimers();
    }
  });
});
