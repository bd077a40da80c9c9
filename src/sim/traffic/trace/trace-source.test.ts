import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, describe, expect, it } from 'vitest';
import { createRng } from '../../../core/rng.js';
import { trafficSchema, type TrafficSpec } from '../../../config/scenario-schema.js';
import type { RouteRequest } from '../../../routing/types.js';
import { TraceSource } from './trace-source.js';
import { TraceFileError, TraceRowError } from './trace-errors.js';

const AZURE = '../shared/data/azure-llm-inference-2023/AzureLLMInferenceTrace_code.csv';
const MOONCAKE = '../shared/data/mooncake-fast25/conversation_trace.jsonl';

const tmp = mkdtempSync(join(tmpdir(), 'routesim-trace-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function traffic(trace: Record<string, unknown>, extra: Record<string, unknown> = {}): TrafficSpec {
  return trafficSchema.parse({ trace, ...extra });
}

function source(trace: Record<string, unknown>, horizonMs = Infinity, seed = 'trace-test', extra: Record<string, unknown> = {}): TraceSource {
  const t = traffic(trace, extra);
  return new TraceSource(t.trace!, t, createRng(seed).fork('traffic'), horizonMs);
}

function drain(s: TraceSource): RouteRequest[] {
  const out: RouteRequest[] = [];
  for (let r = s.next(); r !== undefined; r = s.next()) out.push(r);
  return out;
}

function file(name: string, text: string): string {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
}

/** Independent reading of the Azure CSV: Date.UTC for the timestamps (tests may use Date). */
function azureOracle(): { ms: number[]; input: number; output: number } {
  const lines = readFileSync(AZURE, 'utf8').trim().split('\n').slice(1);
  let input = 0, output = 0;
  const ms = lines.map((l) => {
    const [ts, i, o] = l.split(',');
    input += Number(i);
    output += Number(o);
    const [d, t] = ts.split(' ');
    const [Y, M, D] = d.split('-').map(Number);
    const [h, m, s] = t.split(':');
    return Date.UTC(Y, M - 1, D, Number(h), Number(m)) + Number(s) * 1000;
  });
  return { ms, input, output };
}

describe('trace replay: the real Azure LLM inference trace (code, 1 hour)', () => {
  const oracle = azureOracle();
  const reqs = drain(source({ path: AZURE, format: 'azure' }));

  it('replays every row with arrival = timestamp − first timestamp', () => {
    expect(reqs.length).toBe(8819);
    expect(oracle.ms.length).toBe(8819);
    expect(reqs[0].arrivalMs).toBe(0);
    const lastMs = oracle.ms[oracle.ms.length - 1] - oracle.ms[0];
    expect(reqs[reqs.length - 1].arrivalMs).toBeCloseTo(lastMs, 2);
    // 18:17:03.97996 → 19:14:19.928016: 3435.948056 s.
    expect(reqs[reqs.length - 1].arrivalMs).toBeCloseTo(3_435_948.056, 2);
    for (let i = 0; i < reqs.length; i += 97) expect(reqs[i].arrivalMs).toBeCloseTo(oracle.ms[i] - oracle.ms[0], 2);
  });

  it('keeps the token counts row by row (sums match an independent parse)', () => {
    expect(reqs.reduce((s, r) => s + r.inputTokens, 0)).toBe(oracle.input);
    expect(reqs.reduce((s, r) => s + r.expectedOutputTokens, 0)).toBe(oracle.output);
    expect(oracle.input).toBe(18_059_974);
    expect(oracle.output).toBe(245_896);
  });

  it('fills what the trace lacks from the synthetic generators, deterministically', () => {
    const again = drain(source({ path: AZURE, format: 'azure' }));
    expect(again).toEqual(reqs);
    expect(new Set(reqs.map((r) => r.qualityTier))).toEqual(new Set(['medium'])); // default qualityMix
    expect(reqs.every((r) => r.clientId !== undefined && r.prefixHashes === undefined)).toBe(true);
    expect(reqs.map((r) => r.id)).toEqual(reqs.map((_, i) => i));
  });
});

describe('trace replay: the real Mooncake conversation trace', () => {
  const rows = readFileSync(MOONCAKE, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { timestamp: number; input_length: number; output_length: number; hash_ids: number[] });
  const reqs = drain(source({ path: MOONCAKE, format: 'mooncake' }));

  it('replays every row: count, first/last arrival, token sums and hash blocks', () => {
    expect(reqs.length).toBe(12_031);
    expect(rows.length).toBe(12_031);
    expect(reqs[0].arrivalMs).toBe(rows[0].timestamp - rows[0].timestamp);
    expect(reqs[reqs.length - 1].arrivalMs).toBe(rows[rows.length - 1].timestamp - rows[0].timestamp);
    expect(reqs.reduce((s, r) => s + r.inputTokens, 0)).toBe(rows.reduce((s, r) => s + r.input_length, 0));
    expect(reqs.reduce((s, r) => s + r.expectedOutputTokens, 0)).toBe(rows.reduce((s, r) => s + r.output_length, 0));
    expect(reqs.reduce((s, r) => s + (r.prefixHashes?.length ?? 0), 0)).toBe(rows.reduce((s, r) => s + r.hash_ids.length, 0));
    expect(reqs[123].prefixHashes).toEqual(rows[123].hash_ids);
  });
});

describe('trace replay options', () => {
  const csv = file('ten.csv', 't,in,out\n' + Array.from({ length: 10 }, (_, i) => `${i * 1000},${i + 1},${2 * i + 1}`).join('\n') + '\n');
  const cols = { timestampMs: 't', inputTokens: 'in', outputTokens: 'out' };

  it('timeScale k replays k× faster', () => {
    const arrivals = drain(source({ path: csv, format: 'csv', columns: cols, timeScale: 4 })).map((r) => r.arrivalMs);
    expect(arrivals).toEqual(Array.from({ length: 10 }, (_, i) => (i * 1000) / 4));
  });

  it('a window [startS, endS) keeps those rows, shifted to start at 0', () => {
    const reqs = drain(source({ path: csv, format: 'csv', columns: cols, startS: 2.5, endS: 6 }));
    expect(reqs.map((r) => r.inputTokens)).toEqual([4, 5, 6]); // rows at 3, 4, 5 s
    expect(reqs.map((r) => r.arrivalMs)).toEqual([500, 1500, 2500]);
  });

  it('loop repeats the trace with period = span + mean gap, up to the horizon', () => {
    const reqs = drain(source({ path: csv, format: 'csv', columns: cols, loop: true }, 25_000));
    // Period 9 s + 1 s gap = 10 s: rows at 0..9 s, 10..19 s, 20..24 s.
    expect(reqs.length).toBe(25);
    expect(reqs.map((r) => r.arrivalMs)).toEqual(Array.from({ length: 25 }, (_, i) => i * 1000));
    expect(reqs.map((r) => r.inputTokens).slice(9, 12)).toEqual([10, 1, 2]);
  });

  it('loop over a window uses the window length as the period', () => {
    const s = source({ path: csv, format: 'csv', columns: cols, loop: true, startS: 2, endS: 5 }, 9_000);
    const reqs = drain(s);
    expect(reqs.map((r) => r.arrivalMs)).toEqual([0, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000]);
    expect(reqs.map((r) => r.inputTokens)).toEqual([3, 4, 5, 3, 4, 5, 3, 4, 5]);
    expect(s.traceSummary().passes).toBe(3);
  });

  it('the horizon ends the replay and closes the file', () => {
    const s = source({ path: csv, format: 'csv', columns: cols }, 3_500);
    expect(drain(s).length).toBe(4);
    expect(s.next()).toBeUndefined();
  });

  it('sampleFraction keeps a deterministic Bernoulli sample (binomial CI on the Mooncake trace)', () => {
    const p = 0.3;
    const kept = drain(source({ path: MOONCAKE, format: 'mooncake', sampleFraction: p }, Infinity, 'sample-a'));
    const n = 12_031;
    const sd = Math.sqrt(n * p * (1 - p));
    expect(Math.abs(kept.length - n * p)).toBeLessThan(5 * sd);
    expect(drain(source({ path: MOONCAKE, format: 'mooncake', sampleFraction: p }, Infinity, 'sample-a')).map((r) => r.arrivalMs)).toEqual(kept.map((r) => r.arrivalMs));
    const other = drain(source({ path: MOONCAKE, format: 'mooncake', sampleFraction: p }, Infinity, 'sample-b'));
    expect(other.map((r) => r.arrivalMs)).not.toEqual(kept.map((r) => r.arrivalMs));
    // Sampling thins rows, never shifts times: every kept arrival is a trace arrival.
    const all = new Set(drain(source({ path: MOONCAKE, format: 'mooncake' })).map((r) => r.arrivalMs));
    expect(kept.every((r) => all.has(r.arrivalMs))).toBe(true);
  });

  it('reads timestamps in seconds, datetimes with zones, and optional columns from JSONL', () => {
    const p = file('rich.jsonl', [
      '{"ts": "2024-01-01T00:00:00Z", "i": 10, "o": 1, "who": "alice", "sess": "s1", "q": "high", "h": [5, 6]}',
      '{"ts": "2024-01-01T01:00:01+01:00", "i": 20, "o": 2, "who": 7, "q": "low", "h": "7 8 9"}',
    ].join('\n'));
    const reqs = drain(source({ path: p, format: 'jsonl', columns: { timestamp: 'ts', inputTokens: 'i', outputTokens: 'o', clientId: 'who', sessionId: 'sess', tier: 'q', hashIds: 'h' } }));
    expect(reqs.map((r) => r.arrivalMs)).toEqual([0, 1000]);
    expect(reqs.map((r) => r.clientId)).toEqual(['alice', '7']);
    expect(reqs.map((r) => r.sessionId)).toEqual(['s1', undefined]);
    expect(reqs.map((r) => r.qualityTier)).toEqual(['high', 'low']);
    expect(reqs.map((r) => r.prefixHashes)).toEqual([[5, 6], [7, 8, 9]]);
    const s = file('secs.csv', 'a,when,b\n1,0.5,2\n3,1.25,4\n');
    expect(drain(source({ path: s, format: 'csv', columns: { timestampS: 'when', inputTokens: 'a', outputTokens: 'b' } })).map((r) => r.arrivalMs)).toEqual([0, 750]);
  });
});

describe("the trace's stream column", () => {
  it('marks each request streamed or not (true/false, 1/0; empty: undecided), and a bad value names file:line', () => {
    const p = file('streams.csv', 'ts,i,o,sse\n0,1,1,true\n1,1,1,0\n2,1,1,\n3,1,1,FALSE\n4,1,1,1\n');
    const cols = { timestampMs: 'ts', inputTokens: 'i', outputTokens: 'o', stream: 'sse' };
    expect(drain(source({ path: p, format: 'csv', columns: cols })).map((r) => r.stream)).toEqual([true, false, undefined, false, true]);
    const bad = file('streams-bad.csv', 'ts,i,o,sse\n0,1,1,yes\n');
    expect(() => drain(source({ path: bad, format: 'csv', columns: cols }))).toThrow(/streams-bad\.csv:2:.*sse must be true\/false or 1\/0, got 'yes'/);
  });
});

describe('malformed rows', () => {
  const bad = file('bad.csv', [
    'TIMESTAMP,ContextTokens,GeneratedTokens',
    '2023-11-16 18:17:03.9799600,4808,10',
    '2023-11-16 18:17:04.0319600,-3,8', // line 3: negative tokens
    '2023-11-16 18:17:05,12', // line 4: missing field
    '',
    '2023-13-16 18:17:06,1,1', // line 6: month 13
    '2023-11-16 18:17:02,1,1', // line 7: earlier than the previous row
    '2023-11-16 18:17:07,5,6',
  ].join('\n'));

  it('fail: a typed error naming file:line and what was wrong', () => {
    const s = source({ path: bad, format: 'azure' });
    expect(s.next()?.inputTokens).toBe(4808);
    let err: unknown;
    try {
      s.next();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TraceRowError);
    const e = err as TraceRowError;
    expect(e.line).toBe(3);
    expect(e.message).toContain('bad.csv:3:');
    expect(e.message).toContain('ContextTokens must be a whole number >= 0');
    expect(s.next()).toBeUndefined(); // closed
  });

  it('skip: bad rows are skipped and counted, the good ones replayed', () => {
    const s = source({ path: bad, format: 'azure', onBadRow: 'skip' });
    const reqs = drain(s);
    expect(reqs.map((r) => r.inputTokens)).toEqual([4808, 5]);
    expect(s.traceSummary().badRowsSkipped).toBe(4);
    expect(s.traceSummary().requests).toBe(2);
  });

  it('each kind of problem is named', () => {
    const lines = ['TIMESTAMP,ContextTokens,GeneratedTokens', '2023-11-16 18:17:03,1,1'];
    const reasons = (row: string): string => {
      const s = source({ path: file('one.csv', [...lines, row].join('\n')), format: 'azure' });
      s.next();
      try {
        s.next();
        return 'no error';
      } catch (e) {
        expect((e as TraceRowError).line).toBe(3);
        return (e as Error).message;
      }
    };
    expect(reasons('2023-11-16 18:17:05,12')).toContain('expected 3 fields, got 2');
    expect(reasons('2023-13-16 18:17:06,1,1')).toContain('TIMESTAMP is not a datetime');
    expect(reasons('2023-11-16 18:17:02,1,1')).toContain('timestamp goes backwards');
    expect(reasons('2023-11-16 18:17:05,1.5,1')).toContain('ContextTokens must be a whole number');
    expect(reasons('2023-11-16 18:17:05,"1,1')).toContain('unterminated quoted field');
    const json = (row: string) => {
      const s = source({ path: file('one.jsonl', `{"timestamp": 0, "input_length": 1, "output_length": 1}\n${row}\n`), format: 'mooncake' });
      s.next();
      try {
        s.next();
        return 'no error';
      } catch (e) {
        expect((e as TraceRowError).line).toBe(2);
        return (e as Error).message;
      }
    };
    expect(json('{"timestamp": 1, "input_length": 1')).toContain('not valid JSON');
    expect(json('[1, 2]')).toContain('must be an object');
    expect(json('{"timestamp": 1, "input_length": 1, "output_length": 1, "hash_ids": [1, -2]}')).toContain('hash_ids[1] must be a whole number');
    expect(json('{"input_length": 1, "output_length": 1}')).toContain('missing timestamp');
  });

  it('a header without the mapped columns, or a missing file, is a file error (never skipped)', () => {
    const noCol = file('nocol.csv', 'a,b,c\n1,2,3\n');
    const s = source({ path: noCol, format: 'azure', onBadRow: 'skip' });
    expect(() => s.next()).toThrow(TraceFileError);
    expect(() => source({ path: noCol, format: 'azure' }).next()).toThrow(/line 1: header lacks column\(s\) TIMESTAMP, ContextTokens, GeneratedTokens/);
    expect(() => source({ path: join(tmp, 'nope.csv'), format: 'azure' })).toThrow(/nope\.csv: file not found/);
  });
});

describe('constant memory', () => {
  setFlagsFromString('--expose_gc');
  const gc = runInNewContext('gc') as () => void;
  const heapAfterGc = () => {
    gc();
    return process.memoryUsage().heapUsed;
  };
  const rows = 200_000;
  const big = join(tmp, 'big.jsonl');
  // Written in blocks: the test itself never holds the file either.
  writeFileSync(big, '');
  for (let b = 0; b < rows / 10_000; b++) {
    let text = '';
    for (let i = b * 10_000; i < (b + 1) * 10_000; i++) text += `{"timestamp": ${i * 10}, "input_length": ${100 + (i % 50)}, "output_length": ${1 + (i % 7)}, "hash_ids": [${i % 13}, ${i}]}\n`;
    writeFileSync(big, text, { flag: 'a' });
  }

  /**
   * Every array / Map / Set reachable from the source, with its size — except the attribute
   * sampler's client-name cache, returned apart: it is bounded by traffic.clients.count, not
   * by the rows read.
   */
  function containers(root: object): { sizes: number[]; clientNameCache: number } {
    const sizes: number[] = [];
    let clientNameCache = 0;
    const seen = new Set<object>();
    const walk = (v: unknown, depth: number, key: string) => {
      if (typeof v !== 'object' || v === null || seen.has(v) || depth > 6 || Buffer.isBuffer(v)) return;
      seen.add(v);
      if (Array.isArray(v)) {
        if (key === 'clientNames') clientNameCache = v.length;
        else sizes.push(v.length);
      }
      if (v instanceof Map || v instanceof Set) sizes.push(v.size);
      for (const k of Object.keys(v)) walk((v as Record<string, unknown>)[k], depth + 1, k);
    };
    walk(root, 0, '');
    return { sizes, clientNameCache };
  }

  it(`streams ${rows.toLocaleString('en-US')} rows holding only the current line (no array of rows, flat heap)`, () => {
    const s = source({ path: big, format: 'mooncake' });
    let n = 0, input = 0, maxContainer = 0, maxClientNameCache = 0;
    let heapAt20k = 0, heapAt180k = 0;
    for (let r = s.next(); r !== undefined; r = s.next()) {
      n++;
      input += r.inputTokens;
      if (n % 20_000 === 0) {
        const found = containers(s);
        maxContainer = Math.max(maxContainer, ...found.sizes, 0);
        maxClientNameCache = Math.max(maxClientNameCache, found.clientNameCache);
        if (n === 20_000) heapAt20k = heapAfterGc();
        if (n === 180_000) heapAt180k = heapAfterGc();
      }
    }
    expect(n).toBe(rows);
    let expected = 0;
    for (let i = 0; i < rows; i++) expected += 100 + (i % 50);
    expect(input).toBe(expected);
    // Structural: nothing inside the source grows with the rows read (the reader's carry is a few buffers).
    expect(maxContainer).toBeLessThan(8);
    expect(maxClientNameCache).toBeLessThanOrEqual(1000); // the default traffic.clients.count
    // Holding 160k more requests would take tens of MB (≥ 100 bytes each); after a full GC
    // the heap is where it was.
    const grownMb = (heapAt180k - heapAt20k) / 2 ** 20;
    expect(grownMb).toBeLessThan(4);
  });
});
