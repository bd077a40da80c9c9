import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { qualityTrafficSchema, type QualityBenchmark } from '../../config/quality-schema.js';
import { strongScoreOf, weakScoreOf } from '../../routing/quality-truth.js';
import type { RequestQuality } from '../../routing/types.js';
import { qualityDatasetFor } from '../../sim/traffic/quality/dataset-cache.js';
import { dataScores, oracleRouter, randomRouter } from './reference-routers.js';

const DATA = resolve('../shared/data/routellm-evals');

function records(benchmark: QualityBenchmark, folder: string): readonly RequestQuality[] {
  return qualityDatasetFor(qualityTrafficSchema.parse({ from: 'routellm', path: `${DATA}/${folder}`, benchmark })).records;
}

/**
 * Direct computation, the way routellm/evals/benchmarks.py `get_optimal_accuracy` does it:
 * with k strong calls the oracle scores weak + (sum of the k largest positive gains) / N.
 * The smallest k whose PGR reaches the target brackets CPT: ((k − 1)/N, k/N].
 */
function directOracleCptBracket(rs: readonly RequestQuality[], target: number): [number, number] {
  const n = rs.length;
  const weak = rs.reduce((a, q) => a + weakScoreOf(q), 0) / n;
  const strong = rs.reduce((a, q) => a + strongScoreOf(q), 0) / n;
  const gains = rs.map((q) => strongScoreOf(q) - weakScoreOf(q)).filter((g) => g > 0).sort((a, b) => b - a);
  let gained = 0;
  for (let k = 1; k <= gains.length; k++) {
    gained += gains[k - 1];
    if ((weak + gained / n - weak) / (strong - weak) >= target) return [(k - 1) / n, k / n];
  }
  return [NaN, NaN];
}

describe.each([
  ['gsm8k', 'gsm8k'],
  ['mmlu', 'mmlu'],
  ['mt-bench', 'mt_bench'],
] as const)('references on the real RouteLLM %s data', (benchmark, folder) => {
  const rs = records(benchmark, folder);
  const d = dataScores(rs);

  it('oracle CPT(50%) and CPT(80%) fall in the bracket of a direct greedy computation', () => {
    const o = oracleRouter(rs);
    for (const [target, value] of [[0.5, o.cpt50], [0.8, o.cpt80]] as const) {
      const [lo, hi] = directOracleCptBracket(rs, target);
      expect(value).toBeGreaterThan(lo - 1e-12);
      expect(value).toBeLessThanOrEqual(hi + 1e-12);
    }
  });

  it('random router: APGR exactly 1/2, CPT(x) = x', () => {
    const r = randomRouter(rs);
    expect(r.apgr).toBeCloseTo(0.5, 14);
    expect(r.cpt50).toBeCloseTo(0.5, 14);
    expect(r.cpt80).toBeCloseTo(0.8, 14);
  });

  if (benchmark !== 'mt-bench') {
    it('binary data: oracle PGR(c) = min(c, w)/(w − l), so CPT(x) = x·(w − l) and APGR = (w − w²/2)/(w − l)', () => {
      const o = oracleRouter(rs);
      const w = d.strongWinRate;
      const l = d.weakWinRate;
      expect(d.strongScore - d.weakScore).toBeCloseTo(w - l, 12);
      expect(o.cpt50).toBeCloseTo(0.5 * (w - l), 12);
      expect(o.cpt80).toBeCloseTo(0.8 * (w - l), 12);
      expect(o.apgr).toBeCloseTo((w - (w * w) / 2) / (w - l), 10);
    });
  }
});
