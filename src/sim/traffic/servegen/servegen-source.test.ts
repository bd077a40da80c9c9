import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRng } from '../../../core/rng.js';
import { trafficSchema } from '../../../config/scenario-schema.js';
import type { RouteRequest } from '../../../routing/types.js';
import { parsePythonPmf } from './servegen-data.js';
import { ServegenDataError } from './servegen-errors.js';
import { ServegenSource, servegenMeanRatePerS } from './servegen-source.js';

const DIR = '../shared/data/servegen/reason/deepseek-r1';
const tmp = mkdtempSync(join(tmpdir(), 'routesim-servegen-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Independent reading of the per-client rate files: [startS, rate, cv][] per client id. */
function oracleWindows(): Map<string, [number, number, number][]> {
  const out = new Map<string, [number, number, number][]>();
  for (const f of readdirSync(DIR).filter((n) => n.endsWith('-trace.csv'))) {
    const id = f.replace('chunk-', '').replace('-trace.csv', '');
    out.set(id, readFileSync(join(DIR, f), 'utf8').trim().split('\n').map((l) => {
      const [t, r, cv] = l.split(',');
      return [Number(t), Number(r), cv === '' ? 1 : Number(cv)];
    }));
  }
  return out;
}

/** Λ and the renewal-CLT count variance Σ cv²·Λ_w over [startS, startS + durationS) (no wrap needed here). */
function expected(windows: [number, number, number][], startS: number, durationS: number): { mean: number; variance: number; maxCv: number } {
  let mean = 0, variance = 0, maxCv = 0;
  for (const [t, rate, cv] of windows) {
    const overlap = Math.max(0, Math.min(t + 600, startS + durationS) - Math.max(t, startS));
    mean += rate * overlap;
    variance += cv * cv * rate * overlap;
    if (overlap > 0 && rate > 0) maxCv = Math.max(maxCv, cv);
  }
  return { mean, variance, maxCv };
}

function generate(servegen: Record<string, unknown>, horizonMs: number, seed = 'sg'): { source: ServegenSource; reqs: RouteRequest[] } {
  const t = trafficSchema.parse({ servegen: { path: DIR, ...servegen } });
  const source = new ServegenSource(t.servegen!, t, createRng(seed).fork('traffic'), horizonMs);
  const reqs: RouteRequest[] = [];
  for (let r = source.next(); r !== undefined; r = source.next()) reqs.push(r);
  return { source, reqs };
}

describe('ServeGen workload generator (Alibaba ServeGen, DeepSeek-R1 clients)', () => {
  const windows = oracleWindows();
  const horizonS = 6 * 3600;
  const top = 8;
  const { source, reqs } = generate({ clients: top }, horizonS * 1000);

  it('selects the top N clients by expected requests in the simulated time', () => {
    const ranked = [...windows.entries()]
      .map(([id, w]) => ({ id, mean: expected(w, 0, horizonS).mean }))
      .sort((a, b) => b.mean - a.mean || Number(a.id) - Number(b.id));
    expect(source.clientIds).toEqual(ranked.slice(0, top).map((c) => c.id));
  });

  it("each client's request count matches the data's rate within 5 standard errors (renewal CLT: var = Σ cv²·Λ)", () => {
    for (const id of source.clientIds) {
      const n = reqs.filter((r) => r.clientId === `sg${id}`).length;
      const e = expected(windows.get(id)!, 0, horizonS);
      // An ordinary renewal process started at 0 has E[N] − Λ → (cv² − 1)/2: allow it.
      const startBias = Math.max(0, (e.maxCv ** 2 - 1) / 2) + 1;
      expect(Math.abs(n - e.mean)).toBeLessThan(5 * Math.sqrt(e.variance) + startBias);
    }
    expect(servegenMeanRatePerS(trafficSchema.parse({ servegen: { path: DIR, clients: top } }).servegen!, horizonS * 1000, createRng(1))).toBeCloseTo(
      source.clientIds.reduce((s, id) => s + expected(windows.get(id)!, 0, horizonS).mean, 0) / horizonS, 9);
  });

  it('follows the rate from window to window (counts per hour vs the data, summed over clients)', () => {
    for (let h = 0; h < 6; h++) {
      const n = reqs.filter((r) => r.arrivalMs >= h * 3.6e6 && r.arrivalMs < (h + 1) * 3.6e6).length;
      let mean = 0, variance = 0, bias = 0;
      for (const id of source.clientIds) {
        const e = expected(windows.get(id)!, h * 3600, 3600);
        mean += e.mean;
        variance += e.variance;
        bias += Math.max(0, (e.maxCv ** 2 - 1) / 2) + 1; // a renewal's phase at an hour boundary is not in equilibrium either
      }
      expect(Math.abs(n - mean)).toBeLessThan(5 * Math.sqrt(variance) + bias);
    }
  });

  it('arrivals are in time order and within the horizon; the same seed gives the same stream', () => {
    let outOfOrder = 0;
    for (let i = 1; i < reqs.length; i++) if (reqs[i].arrivalMs < reqs[i - 1].arrivalMs) outOfOrder++;
    expect(outOfOrder).toBe(0);
    expect(reqs[reqs.length - 1].arrivalMs).toBeLessThan(horizonS * 1000);
    const again = generate({ clients: top }, horizonS * 1000).reqs;
    expect(again.length).toBe(reqs.length);
    let differ = 0;
    for (let i = 0; i < reqs.length; i++) {
      const a = reqs[i], b = again[i];
      if (a.arrivalMs !== b.arrivalMs || a.inputTokens !== b.inputTokens || a.expectedOutputTokens !== b.expectedOutputTokens || a.clientId !== b.clientId) differ++;
    }
    expect(differ).toBe(0);
    // With every client selected, a shorter horizon is a prefix of a longer one (streaming, no lookahead).
    const long = generate({ clients: 'all' }, 600_000).reqs;
    expect(generate({ clients: 'all' }, 300_000).reqs).toEqual(long.filter((r) => r.arrivalMs < 300_000));
  });

  it("token lengths follow the client's PMF of the window (mean within 5 standard errors)", () => {
    const id = source.clientIds[0];
    const dataset = JSON.parse(readFileSync(join(DIR, `chunk-${id}-dataset.json`), 'utf8')) as Record<string, Record<string, string>>;
    for (const [field, key] of [['inputTokens', 'input_tokens'], ['expectedOutputTokens', 'output_tokens']] as const) {
      // Independent PMF parse: "{v: p, ...}" entries by regex.
      const entries = [...dataset['0'][key].matchAll(/([\d.e+-]+):\s*([\d.e+-]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
      const total = entries.reduce((s, [, p]) => s + p, 0);
      const mu = entries.reduce((s, [v, p]) => s + v * p, 0) / total;
      const sd = Math.sqrt(entries.reduce((s, [v, p]) => s + (v - mu) ** 2 * p, 0) / total);
      const xs = reqs.filter((r) => r.clientId === `sg${id}`).map((r) => r[field]);
      const m = xs.reduce((a, b) => a + b, 0) / xs.length;
      expect(xs.length).toBeGreaterThan(1000);
      expect(Math.abs(m - mu)).toBeLessThan((5 * sd) / Math.sqrt(xs.length) + 0.5);
    }
  });

  it('rateScale multiplies the rate; startS moves the start in the day (wrapping at its end)', () => {
    const base = generate({ clients: 3 }, 1_800_000).reqs.length;
    const doubled = generate({ clients: 3, rateScale: 2 }, 1_800_000).reqs.length;
    expect(doubled / base).toBeGreaterThan(1.6);
    expect(doubled / base).toBeLessThan(2.4);
    const late = generate({ clients: 'all', startS: 86_400 - 600 }, 1_200_000).reqs;
    const last = [...windows.values()].reduce((s, w) => s + w[w.length - 1][1] * 600, 0);
    const first = [...windows.values()].reduce((s, w) => s + w[0][1] * 600, 0);
    expect(late.filter((r) => r.arrivalMs < 600_000).length).toBeGreaterThan(last * 0.5);
    expect(late.filter((r) => r.arrivalMs >= 600_000).length).toBeGreaterThan(first * 0.5);
  });
});

describe('ServeGen data errors', () => {
  it('parses Python dict PMFs; empty ones are undefined; junk is a ServegenDataError', () => {
    const p = parsePythonPmf('{45: 0.25, 46: 0.75, 1e3: 0}', 'x')!;
    expect(Array.from(p.values)).toEqual([45, 46, 1000]);
    expect(Array.from(p.probs)).toEqual([0.25, 0.75, 0]);
    expect(parsePythonPmf('{}', 'x')).toBeUndefined();
    expect(() => parsePythonPmf('{45 0.2}', 'x')).toThrow(ServegenDataError);
    expect(() => parsePythonPmf('[1, 2]', 'x')).toThrow(/PMF must be/);
  });

  it('a missing folder or a malformed rate line names the file (and line)', () => {
    expect(() => generate({ path: join(tmp, 'none') }, 1000)).toThrow(/ServeGen data folder not found/);
    writeFileSync(join(tmp, 'chunk-1-trace.csv'), '0,1,1,Gamma,1,1\n600,x,1,Gamma,1,1\n');
    writeFileSync(join(tmp, 'chunk-1-dataset.json'), '{}');
    expect(() => generate({ path: tmp }, 1000)).toThrow(/chunk-1-trace\.csv:2: bad start or rate/);
    writeFileSync(join(tmp, 'chunk-1-trace.csv'), '0,1,1,Lognormal,1,1\n');
    expect(() => generate({ path: tmp }, 1000)).toThrow(/unknown inter-arrival family 'Lognormal'/);
  });

  it('falls back to the scenario token distributions when a client has no PMF at all', () => {
    writeFileSync(join(tmp, 'chunk-1-trace.csv'), '0,2,1,,0,0\n600,2,1,Weibull,1.5,1\n');
    writeFileSync(join(tmp, 'chunk-1-dataset.json'), '{"0": {"input_tokens": "{}", "output_tokens": "{}"}}');
    const t = trafficSchema.parse({ servegen: { path: tmp }, inputTokens: 77, outputTokens: 5 });
    const s = new ServegenSource(t.servegen!, t, createRng(1), 1_200_000);
    const reqs: RouteRequest[] = [];
    for (let r = s.next(); r !== undefined; r = s.next()) reqs.push(r);
    // Λ = 2/s × 1200 s (exponential, then Weibull gaps): Poisson-like count within 5 sd.
    expect(Math.abs(reqs.length - 2400)).toBeLessThan(5 * Math.sqrt(2400) + 2);
    expect(reqs.every((r) => r.inputTokens === 77 && r.expectedOutputTokens === 5 && r.clientId === 'sg1')).toBe(true);
  });
});
