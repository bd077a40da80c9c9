import { describe, expect, it } from 'vitest';
import type { RequestQuality } from '../../routing/types.js';
import { pgrOf } from '../../metrics/quality-tally.js';
import { apgr, cpt, curveMetrics, type CallPgrPoint } from './curve-metrics.js';
import { dataScores, oracleRouter, randomRouter } from './reference-routers.js';

const pt = (strongCallRate: number, pgr: number): CallPgrPoint => ({ strongCallRate, pgr });

/** Ten prompts: 3 strong-only right, 1 weak-only right, 4 both right, 2 both wrong. */
function handDataset(): RequestQuality[] {
  const make = (strongCorrect: boolean, weakCorrect: boolean, n: number) => Array.from({ length: n }, () => ({ strongCorrect, weakCorrect }));
  return [...make(true, false, 3), ...make(false, true, 1), ...make(true, true, 4), ...make(false, false, 2)];
}

describe('PGR, APGR and CPT on hand-made curves', () => {
  it('PGR is the share of the gap recovered; NaN without a gap', () => {
    expect(pgrOf(0.6, 0.5, 0.7)).toBeCloseTo(0.5, 14);
    expect(pgrOf(0.8, 0.5, 0.7)).toBeCloseTo(1.5, 14);
    expect(pgrOf(0.6, 0.6, 0.6)).toBeNaN();
  });

  it('APGR: trapezoid area under PGR over call rate (hand-computed 0.76)', () => {
    // 0.2·(0+0.6)/2 + 0.3·(0.6+0.9)/2 + 0.5·(0.9+1)/2 = 0.06 + 0.225 + 0.475
    const curve = [pt(0, 0), pt(0.2, 0.6), pt(0.5, 0.9), pt(1, 1)];
    expect(apgr(curve)).toBeCloseTo(0.76, 14);
    expect(apgr([...curve].reverse())).toBeCloseTo(0.76, 14); // order of the input does not matter
  });

  it('APGR is normalised by the call-rate range covered, as RouteLLM normalises by AUC_strong − AUC_weak', () => {
    expect(apgr([pt(0.2, 0.5), pt(0.8, 0.5)])).toBeCloseTo(0.5, 15);
    expect(apgr([pt(0.3, 0.7)])).toBeNaN();
    expect(apgr([pt(0.3, 0.7), pt(0.3, 0.9)])).toBeNaN();
  });

  it("APGR equals RouteLLM's (AUC − AUC_weak) / (AUC_strong − AUC_weak) on the score curve", () => {
    const weak = 63.7;
    const strong = 85.8;
    const scorePoints: [number, number][] = [[0, 63.7], [8, 70.1], [23, 80.3], [41, 86.2], [64, 88.0], [100, 85.8]]; // (% strong calls, accuracy %)
    const trapz = (ys: number[], xs: number[]) => ys.slice(1).reduce((a, y, i) => a + ((y + ys[i]) / 2) * (xs[i + 1] - xs[i]), 0);
    const xs = scorePoints.map(([x]) => x / 100);
    const auc = trapz(scorePoints.map(([, y]) => y), xs);
    const routellm = (auc - trapz(xs.map(() => weak), xs)) / (trapz(xs.map(() => strong), xs) - trapz(xs.map(() => weak), xs));
    const ours = apgr(scorePoints.map(([x, y]) => pt(x / 100, pgrOf(y, weak, strong))));
    expect(ours).toBeCloseTo(routellm, 12);
  });

  it('CPT interpolates linearly inside the segment that reaches the target (hand-computed)', () => {
    const curve = [pt(0, 0), pt(0.2, 0.6), pt(0.5, 0.9), pt(1, 1)];
    expect(cpt(curve, 0.5)).toBeCloseTo((0.5 / 0.6) * 0.2, 14); // 0.1667
    expect(cpt(curve, 0.8)).toBeCloseTo(0.4, 14); // 0.2 + (0.2 / 0.3) · 0.3
    expect(cpt(curve, 1)).toBeCloseTo(1, 14);
    expect(cpt(curve, 1.01)).toBeNaN();
    expect(cpt([pt(0, 0.7), pt(1, 1)], 0.5)).toBe(0); // already there at the first point
  });

  it('CPT on a curve that is not monotone is the first crossing in call order', () => {
    const curve = [pt(0, 0), pt(0.3, 0.9), pt(0.4, 0.7), pt(0.6, 0.85), pt(1, 1)];
    expect(cpt(curve, 0.8)).toBeCloseTo((0.8 / 0.9) * 0.3, 14);
    expect(cpt(curve, 0.95)).toBeCloseTo(0.6 + (2 / 3) * 0.4, 14);
  });
});

describe('reference routers on a hand-made dataset', () => {
  const data = handDataset();

  it('data scores: strong 0.7, weak 0.5, strong wins on 30%, loses on 10%', () => {
    const d = dataScores(data);
    expect(d).toEqual({ prompts: 10, strongScore: 0.7, weakScore: 0.5, strongWinRate: 0.3, weakWinRate: 0.1 });
  });

  it('random router: PGR(p) = p, so APGR is exactly 1/2 and CPT(x) = x', () => {
    const r = randomRouter(data);
    expect(r.curve.map((p) => p.pgr)).toEqual([0, 1]);
    expect(r.apgr).toBe(0.5);
    expect(r.cpt50).toBe(0.5);
    expect(r.cpt80).toBeCloseTo(0.8, 15);
    // The expectation of a random router at any p lies on the line: ∫₀¹ p dp = 1/2 whatever the data.
    const fine = Array.from({ length: 101 }, (_, i) => pt(i / 100, i / 100));
    expect(apgr(fine)).toBeCloseTo(0.5, 14);
  });

  it('oracle: quality 0.5 + min(c, 0.3) → APGR (0.3 − 0.045) / 0.2 = 1.275, CPT(50%) = 0.1, CPT(80%) = 0.16', () => {
    const o = oracleRouter(data);
    expect(o.apgr).toBeCloseTo(1.275, 13);
    expect(o.cpt50).toBeCloseTo(0.1, 14);
    expect(o.cpt80).toBeCloseTo(0.16, 14);
    expect(o.curve[0]).toEqual({ strongCallRate: 0, score: 0.5, pgr: 0 });
    const top = o.curve.find((p) => Math.abs(p.strongCallRate - 0.3) < 1e-12)!;
    expect(top.score).toBeCloseTo(0.8, 14);
    expect(top.pgr).toBeCloseTo(1.5, 14);
    expect(o.curve[o.curve.length - 1].strongCallRate).toBe(1);
    expect(o.curve[o.curve.length - 1].pgr).toBeCloseTo(1.5, 14);
  });

  it('oracle on graded scores spends calls on the biggest gains first', () => {
    const graded: RequestQuality[] = [
      { strongCorrect: true, weakCorrect: true, strongScore: 0.9, weakScore: 0.5 }, // +0.4
      { strongCorrect: true, weakCorrect: true, strongScore: 0.8, weakScore: 0.7 }, // +0.1
      { strongCorrect: true, weakCorrect: true, strongScore: 0.6, weakScore: 0.8 }, // −0.2
      { strongCorrect: true, weakCorrect: true, strongScore: 1.0, weakScore: 1.0 }, // 0
    ];
    // weak 0.75, strong 0.825, gap 0.075; oracle at c = 1/4: 0.85 (PGR 4/3), at c = 1/2: 0.875 (PGR 5/3).
    const o = oracleRouter(graded);
    expect(o.curve.map((p) => p.strongCallRate)).toEqual([0, 0.25, 0.5, 1]);
    expect(o.curve[1].pgr).toBeCloseTo(4 / 3, 12);
    expect(o.curve[2].pgr).toBeCloseTo(5 / 3, 12);
    expect(o.cpt50).toBeCloseTo(0.25 * (0.5 / (4 / 3)), 12);
    // Area: 0.25·(0 + 4/3)/2 + 0.25·(4/3 + 5/3)/2 + 0.5·5/3
    expect(o.apgr).toBeCloseTo(0.25 * (2 / 3) + 0.25 * 1.5 + 0.5 * (5 / 3), 12);
    expect(curveMetrics(o.curve)).toEqual({ apgr: o.apgr, cpt50: o.cpt50, cpt80: o.cpt80 });
  });
});
