/**
 * `routesim calibrate` as a user runs it (the built binary): scenario and trace written and
 * valid, every refusal one line naming file, line and field, exit 2, no stack trace, nothing
 * written; a provider without successes is a warning with a documented fallback; llmperf
 * results calibrate latency and errors but no limits.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectNoStack, routesim } from '../support/routesim-process.js';

const EXAMPLE = 'scenarios/calibrate-example/gateway-requests.jsonl';
const root = mkdtempSync(join(tmpdir(), 'routesim-calibrate-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
for (const d of ['ok', 'cut', 'bd', 'llmperf', 'syn', 'k']) mkdirSync(join(root, d));
const lines = readFileSync(EXAMPLE, 'utf8').trimEnd().split('\n');

function refuses(args: string[], message: RegExp, out?: string): void {
  const r = routesim(['calibrate', ...args, ...(out ? ['--out', out] : [])]);
  expect(r.status, r.stderr).toBe(2);
  expect(r.stderr.trim().split('\n').at(-1)).toMatch(message);
  expectNoStack(r.stderr);
  if (out) expect(existsSync(out)).toBe(false);
}

/**
 * The example truth's outage is 600–720 s; calibrate puts each end at the midpoint of its
 * bracket (last success / first failure, last failure / next success), a few seconds wide at
 * alpha's rate of about one attempt a second.
 */
function expectOutage(text: string): void {
  const m = /- \{ kind: down, startS: ([\d.]+), durationS: ([\d.]+) \}/.exec(text);
  expect(m, 'one down incident').not.toBeNull();
  const [startS, durationS] = [Number(m![1]), Number(m![2])];
  expect(Math.abs(startS - 600)).toBeLessThan(5);
  expect(Math.abs(startS + durationS - 720)).toBeLessThan(5);
}

describe('routesim calibrate', () => {
  it('--help lists the formats and options', () => {
    const r = routesim(['calibrate', '--help']);
    expect(r.status).toBe(0);
    for (const s of ['--format', '--router-from', '--holdout', '--out', '--synthetic', '--time-scale', 'otel', 'litellm', 'llmperf']) expect(r.stdout).toContain(s);
  });

  it('writes a scenario that validate accepts and a trace of every logged request', () => {
    const out = join(root, 'ok', 'week.yaml');
    const r = routesim(['calibrate', EXAMPLE, '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain(`wrote ${out} (2 providers)`);
    const trace = readFileSync(join(root, 'ok', 'week.trace.jsonl'), 'utf8').trimEnd().split('\n');
    expect(trace).toHaveLength(lines.length);
    expect(Object.keys(JSON.parse(trace[0])).sort()).toEqual(['clientId', 'inputTokens', 'outputTokens', 'tenant', 'timestampMs']);
    const v = routesim(['validate', out]);
    expect(v.status, v.stderr).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text).toContain('rateLimits: { rpm: 60 }');
    expectOutage(text);
  });

  it('refuses an unknown format, with the expected formats named', () => {
    const f = join(root, 'plain.txt');
    writeFileSync(f, 'hello\n');
    refuses([f], /plain\.txt:1: unknown log format: the first line is not JSON/, join(root, 'x1.yaml'));
    const g = join(root, 'other.jsonl');
    writeFileSync(g, '{"a": 1}\n');
    refuses([g], /other\.jsonl:1: unknown log format: neither a routesim request log line .* nor OTLP JSON spans/);
    refuses([EXAMPLE, '--format', 'csv'], /--format csv needs --columns/);
    refuses([EXAMPLE, '--format', 'csv', '--columns', 'startS=t,deployment=d'], /--columns: name exactly one of latencyMs, latencyS/);
    refuses([EXAMPLE, '--columns', 'startS=t'], /--columns is for --format csv or jsonl/);
  });

  it('a CSV through --columns: a missing column is named with a did-you-mean, a bad cell by file:line', () => {
    const f = join(root, 'calls.csv');
    writeFileSync(f, 'id,sent_ms,backend,in,out,ms\nr1,1000,a/m,10,5,300\nr2,2000,a/m,ten,5,300\n');
    const cols = 'request=id,startMs=sent_ms,deployment=backend,inputTokens=in,outputTokens=out,latencyMs=ms';
    refuses([f, '--format', 'csv', '--columns', cols.replace('backend', 'backnd')], /calls\.csv: no column 'backnd' \(--columns deployment\); did you mean 'backend'\?/, join(root, 'x4.yaml'));
    refuses([f, '--format', 'csv', '--columns', cols], /calls\.csv:3: inputTokens: expected a number >= 0, got "ten"/, join(root, 'x5.yaml'));
  });

  it('refuses a record missing a required field, naming file:line and the field', () => {
    const f = join(root, 'missing.jsonl');
    const bad = JSON.parse(lines[2]);
    delete bad.latencyMs;
    writeFileSync(f, [lines[0], lines[1], JSON.stringify(bad), lines[3]].join('\n') + '\n');
    refuses([f], /missing\.jsonl:3: latencyMs: .*routesim\.request-log\/1 expected/, join(root, 'x2.yaml'));
  });

  it('refuses an unparsable row in the middle, skips a cut-off final line', () => {
    const f = join(root, 'garbled.jsonl');
    writeFileSync(f, [lines[0], lines[1].slice(0, 50), lines[2]].join('\n') + '\n');
    refuses([f], /garbled\.jsonl:2: not a JSON object/, join(root, 'x3.yaml'));
    const cut = join(root, 'cut.jsonl');
    writeFileSync(cut, [...lines.slice(0, 200), lines[200].slice(0, 40)].join('\n'));
    const r = routesim(['calibrate', cut, '--out', join(root, 'cut', 'c.yaml')]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('200 requests from 200 lines, 1 cut-off final line skipped');
  });

  it('refuses OTel spans with a bad time, naming the field', () => {
    const f = join(root, 'spans.jsonl');
    writeFileSync(f, JSON.stringify({ startTimeUnixNano: 'soon', endTimeUnixNano: '2', attributes: { 'gen_ai.request.model': 'm' } }) + '\n');
    refuses([f], /spans\.jsonl:1: startTimeUnixNano: expected epoch nanoseconds/);
  });

  it('a provider with no successful request: a warning, and a scenario with routesim defaults for its latency', () => {
    const f = join(root, 'beta-down.jsonl');
    const kept = lines.map((l) => JSON.parse(l)).map((r) => ({ ...r, attempts: r.attempts.map((a: Record<string, unknown>) => (a['gen_ai.provider.name'] === 'beta' ? { ...a, outcome: 'server-error', ttftMs: null, 'http.response.status_code': 500, 'gen_ai.usage.output_tokens': 0, costUsd: 0 } : a)) }));
    writeFileSync(f, kept.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const out = join(root, 'bd', 'bd.yaml');
    const r = routesim(['calibrate', f, '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain("warning: provider 'beta' has no successful request in the log: its latency is left at routesim's defaults");
    expect(readFileSync(out, 'utf8')).toContain("# latency: no successful attempt with timings (0 succeeded): routesim's defaults apply");
    expect(routesim(['validate', out]).status).toBe(0);
  });

  it('--synthetic: fitted traffic instead of a trace (no trace written), validate accepts it; with --holdout the backtest runs on fitted traffic', () => {
    const out = join(root, 'syn', 'fitted.yaml');
    const r = routesim(['calibrate', EXAMPLE, '--synthetic', '--out', out, '--holdout', '0.3']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain(`wrote ${out} (2 providers), fitted traffic`);
    expect(existsSync(join(root, 'syn', 'fitted.trace.jsonl'))).toBe(false);
    const text = readFileSync(out, 'utf8');
    expect(text).not.toContain('trace:');
    // The example's truth: 0.6 → 2 → 0.6 requests/s, changing at 240 s and 540 s.
    expect(text).toMatch(/kind: piecewise\n    segments:\n.*\n      - \{ untilS: 240, ratePerS: 0\.6\d* \}\n.*\n      - \{ untilS: 540, ratePerS: 2\.0\d* \}/);
    expect(text).toMatch(/inputTokens: \{ kind: lognormal, mu: 6\.\d+, sigma: 0\.\d+ \}/);
    expect(routesim(['validate', out]).status).toBe(0);
    expect(r.stdout).toMatch(/^backtest: fitted on \d+ requests, simulated the last 30% of the time span \(\d+ logged requests, fitted traffic at the latest arrival rate\)/);
    expect(r.stdout).toContain('share alpha');
  });

  it('--time-scale k: a log whose arrivals are k times denser than its durations (gateway --time-scale k) gives back the limits and the outage', () => {
    const f = join(root, 'k', 'scaled.jsonl');
    const recs = lines.map((l) => JSON.parse(l));
    const t0 = recs[0].startUnixMs;
    writeFileSync(f, recs.map((r) => JSON.stringify({ ...r, startUnixMs: t0 + (r.startUnixMs - t0) / 10 })).join('\n') + '\n');
    const out = join(root, 'k', 'k.yaml');
    const r = routesim(['calibrate', f, '--time-scale', '10', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text).toContain('rateLimits: { rpm: 60 }');
    expectOutage(text);
    refuses([f, '--time-scale', '0'], /--time-scale must be a positive number, got 0/);
  });

  it('refuses bad --holdout values', () => {
    refuses([EXAMPLE, '--holdout', '1'], /--holdout must be a fraction between 0 and 1/);
    refuses([EXAMPLE, '--holdout', '0'], /--holdout must be a fraction between 0 and 1/);
  });

  it('llmperf results: latency and errors per provider, no limits or outages (no arrival times)', () => {
    const out = join(root, 'llmperf', 'llmperf.yaml');
    const r = routesim(['calibrate', '../shared/data/llmperf-leaderboard/individual/groq_70b.json', '../shared/data/llmperf-leaderboard/individual/anyscale_70b.json', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('warning: llmperf results have no arrival times');
    const text = readFileSync(out, 'utf8');
    expect(text).toContain('- id: groq');
    expect(text).toContain('- id: anyscale');
    expect(text).toContain('# outages: the log has no arrival times (llmperf): not inferred');
    expect(text).not.toContain('rateLimits:');
    expect(routesim(['validate', out]).status).toBe(0);
    refuses(['../shared/data/llmperf-leaderboard/individual/groq_70b.json', '--synthetic'], /--synthetic fits arrival rates from arrival times, and llmperf results have none/, join(root, 'llmperf', 'syn.yaml'));
  });
});
