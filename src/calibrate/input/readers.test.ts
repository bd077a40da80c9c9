import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CalibrationInputError } from './calibration-input-error.js';
import { withCsv, type CsvTable } from './csv-rows.js';
import { readIncidentCsv } from './incident-reader.js';
import { readLatencyCsv } from './latency-csv-reader.js';
import { readLlmperfFile } from './llmperf-reader.js';

const tmp = mkdtempSync(join(tmpdir(), 'routesim-readers-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const file = (name: string, content: string | Buffer) => {
  const p = join(tmp, name);
  writeFileSync(p, content);
  return p;
};

const readCsv = (path: string) => withCsv(path, (csv: CsvTable) => ({ header: csv.header, rows: [...csv.rows()] }));

describe('withCsv', () => {
  it('reads the header and rows (quotes, escaped quotes, commas inside quotes, empty fields), trims fields, skips blank lines, numbers lines', () => {
    const p = file('t.csv', Buffer.from('\ufeff model , ttft\r\n"a,b", 1.5 \n\n"say ""hi""",\nlast,', 'utf8'));
    const csv = readCsv(p);
    expect(csv.header).toEqual(['model', 'ttft']);
    expect(csv.rows).toEqual([
      { fields: ['a,b', '1.5'], line: 2 },
      { fields: ['say "hi"', ''], line: 4 },
      { fields: ['last', ''], line: 5 },
    ]);
  });

  it('missing files, folders, empty files and malformed quoting are CalibrationInputErrors naming the file (and line)', () => {
    expect(() => readCsv(join(tmp, 'nope'))).toThrow(/nope: file not found/);
    expect(() => readCsv(tmp)).toThrow(CalibrationInputError);
    expect(() => readCsv(file('empty.csv', ''))).toThrow(/empty\.csv: is empty/);
    const bad = file('bad.csv', 'a,b\n1,2\n"3,4\n');
    expect(() => readCsv(bad)).toThrow(new CalibrationInputError(bad, 'line 3: unterminated quoted field'));
  });

  it('closes the file when use() throws before reading a row (a missing column)', () => {
    const p = file('cols.csv', 'a,b\n1,2\n');
    const before = readdirSync('/proc/self/fd').length;
    for (let i = 0; i < 50; i++) expect(() => withCsv(p, () => { throw new CalibrationInputError(p, 'no column'); })).toThrow('no column');
    expect(readdirSync('/proc/self/fd').length).toBeLessThanOrEqual(before);
  });
});

const LLMPERF = '../shared/data/llmperf-leaderboard/individual';

describe('llmperf reader (real files)', () => {
  it('reads successes in ms and failures by error code (lepton: 130 × 429 of 150, as its summary says)', () => {
    const obs = readLlmperfFile(`${LLMPERF}/lepton_13b.json`);
    expect(obs).toHaveLength(150);
    expect(obs.filter((o) => !o.ok).map((o) => o.errorCode)).toEqual(Array(130).fill('429'));
    expect(new Set(obs.map((o) => o.group))).toEqual(new Set(['lepton_13b']));
    const ok = obs.filter((o) => o.ok);
    expect(ok.every((o) => o.ttftMs! > 100 && o.msPerOutputToken! > 0)).toBe(true);
  });

  it('per-token time is (e2e − ttft)/output tokens; --per-token-column switches to the named field', () => {
    const raw = [{ error_code: null, ttft_s: 0.5, end_to_end_latency_s: 2, number_output_tokens: 150, inter_token_latency_s: 0.0133 }];
    const p = file('x_7b.json', JSON.stringify(raw));
    expect(readLlmperfFile(p)[0]).toEqual({ group: 'x_7b', ok: true, ttftMs: 500, msPerOutputToken: 10 });
    const alt = readLlmperfFile(p, { perTokenColumn: 'inter_token_latency_s', groupBy: 'provider' })[0];
    expect(alt.group).toBe('x');
    expect(alt.msPerOutputToken).toBeCloseTo(13.3, 12);
    expect(readLlmperfFile(p, { groupBy: 'model' })[0].group).toBe('7b');
  });

  it('the default per-token time subtracts the TTFT from --ttft-column (in its unit), not ttft_s', () => {
    const raw = [{ error_code: null, ttft_s: 0.9, first_token_s: 0.5, first_token_ms: 500, end_to_end_latency_s: 2, number_output_tokens: 150 }];
    const p = file('y_7b.json', JSON.stringify(raw));
    expect(readLlmperfFile(p, { ttftColumn: 'first_token_s' })[0]).toEqual({ group: 'y_7b', ok: true, ttftMs: 500, msPerOutputToken: 10 });
    expect(readLlmperfFile(p, { ttftColumn: 'first_token_ms' })[0]).toEqual({ group: 'y_7b', ok: true, ttftMs: 500, msPerOutputToken: 10 });
    const noTtftS = file('z_7b.json', JSON.stringify([{ error_code: null, first_token_ms: 500, end_to_end_latency_s: 2, number_output_tokens: 150 }]));
    expect(readLlmperfFile(noTtftS, { ttftColumn: 'first_token_ms' })[0]).toEqual({ group: 'z_7b', ok: true, ttftMs: 500, msPerOutputToken: 10 });
  });

  it('explains summary files, bad JSON, unknown fields and groupings', () => {
    expect(() => readLlmperfFile('../shared/data/llmperf-leaderboard/summary/groq_70b.json')).toThrow(/this is an llmperf summary; fit the per-request file under individual\//);
    expect(() => readLlmperfFile(file('bad.json', '{'))).toThrow(/not valid JSON/);
    expect(() => readLlmperfFile(`${LLMPERF}/groq_70b.json`, { ttftColumn: 'ttft' })).toThrow(/no 'ttft' field in the requests \(--ttft-column\)/);
    expect(() => readLlmperfFile(`${LLMPERF}/groq_70b.json`, { groupBy: 'region' })).toThrow(/--group-by for llmperf files must be one of file, provider, model, none/);
  });
});

describe('latency CSV reader (real files)', () => {
  it('coder543: recognises TTFT and Response Tok/s, groups by model', () => {
    const { observations, columns } = readLatencyCsv('../shared/data/llm-speed-benchmark-coder543/output.csv', { groupBy: 'Model Name' });
    expect(columns).toEqual({ ttft: 'Time To First Token', tokensPerS: 'Response Tok/s', group: 'Model Name' });
    expect(observations).toHaveLength(245);
    const first = observations[0];
    expect(first).toEqual({ group: 'gpt-4o', ok: true, ttftMs: 730, msPerOutputToken: 1000 / 67.38 });
  });

  it('thefastest.ai: TTFT and TPS columns', () => {
    const { observations, columns } = readLatencyCsv('../shared/data/thefastest-ai/data.2024-04-10.csv', { groupBy: 'Model' });
    expect(columns).toMatchObject({ ttft: 'TTFT', tokensPerS: 'TPS' });
    expect(observations[0]).toEqual({ group: 'gpt-4-turbo', ok: true, ttftMs: 400, msPerOutputToken: 25 });
  });

  it('ms columns by suffix, --unit overrides, unknown columns get a did-you-mean', () => {
    const p = file('lat.csv', 'provider,ttft_ms,tpot_ms\na,120,12\nb,,15\n');
    expect(readLatencyCsv(p, { groupBy: 'provider' }).observations).toEqual([
      { group: 'a', ok: true, ttftMs: 120, msPerOutputToken: 12 },
      { group: 'b', ok: true, msPerOutputToken: 15 },
    ]);
    expect(readLatencyCsv(p, { unit: 's' }).observations[0].ttftMs).toBe(120_000);
    expect(() => readLatencyCsv(p, { ttftColumn: 'ttft_sm' })).toThrow(/no column 'ttft_sm' \(--ttft-column\); did you mean 'ttft_ms'\?/);
    expect(() => readLatencyCsv(file('none.csv', 'a,b\n1,2\n'))).toThrow(/found no TTFT or per-token column/);
  });

  it('a header naming a column it reads twice is refused (either copy could be the wrong numbers); unread duplicates are fine', () => {
    const p = file('dup.csv', 'provider,ttft_ms,TTFT_MS,note,note\na,120,900,x,y\n');
    expect(() => readLatencyCsv(p)).toThrow(new CalibrationInputError(p, "the header names column 'ttft_ms' 2 times (fields 2, 3); rename all but one"));
    expect(() => readLatencyCsv(p, { ttftColumn: 'TTFT_ms' })).toThrow(/the header names column 'TTFT_ms' 2 times \(fields 2, 3\)/);
    const q = file('dup-inc.csv', 'start_time,end_time,end_time\n1,2,3\n');
    expect(() => readIncidentCsv(q)).toThrow(/names column 'end_time' 2 times \(fields 2, 3\)/);
    expect(readLatencyCsv(file('dup-unread.csv', 'ttft_ms,note,note\n120,x,y\n')).observations).toEqual([{ group: 'all', ok: true, ttftMs: 120 }]);
  });
});

describe('incident reader', () => {
  it('reads the cloud-uptime-archive format', () => {
    const { incidents } = readIncidentCsv('../shared/data/cloud-uptime-archive/github-status_global-status_operator_reported.csv');
    expect(incidents).toHaveLength(230);
    expect(incidents[0]).toEqual({ group: 'github-status_global-status', startS: 0, endS: 4042, severity: 0.025000000000000022 });
  });

  it('accepts ISO timestamps, filters by severity, rejects inverted incidents', () => {
    const p = file('inc.csv', 'start_time,end_time,status\n2024-01-01T00:00:00Z,2024-01-01T01:00:00Z,0.9\n2024-01-02,2024-01-02T00:30Z,0.1\n');
    const r = readIncidentCsv(p, { minSeverity: 0.5, groupBy: 'file' });
    expect(r).toEqual({ incidents: [{ group: 'inc', startS: 1_704_067_200, endS: 1_704_070_800, severity: 0.9 }], skipped: 1 });
    expect(() => readIncidentCsv(file('bad.csv', 'start_time,end_time\n10,5\n'))).toThrow(/line 2: the incident ends before it starts/);
    expect(() => readIncidentCsv(file('cols.csv', 'begin,end_time\n1,2\n'))).toThrow(/no column 'start_time'/);
  });
});
