import { invertCdf } from '../fitted-distribution.js';
import { regularizedGammaP } from '../incomplete-gamma.js';

/**
 * An arrival process for `calibrate --synthetic`, from the requests' arrival times. Counts per
 * interval (round bins of ~20 expected arrivals, at least 5, and at least 10 bins) are tested against one
 * Poisson rate by their index of dispersion (Σ(c − m)²/m ~ χ²(B − 1) under Poisson). Not
 * rejected (p ≥ 0.01): one Poisson rate. Rejected: the rate changed, and binary segmentation
 * of the counts (a split kept when its Poisson likelihood-ratio statistic beats a Bonferroni
 * bound over every place it could be) gives piecewise rates, which the traffic schema replays as
 * `piecewise`; the dispersion within the segments is tested again and reported, so a log
 * burstier than piecewise Poisson (a Markov-modulated process, which calibrate does not fit)
 * says so. Diurnal rates are not fitted: piecewise segments follow any shape a log shows, and
 * a sinusoid would need several periods of log to tell from them. Rate intervals are exact
 * (Garwood) 99% Poisson intervals of each segment's count.
 */
export interface ArrivalSegment {
  readonly startS: number;
  readonly untilS: number;
  readonly count: number;
  readonly ratePerS: number;
  readonly lo: number;
  readonly hi: number;
}

export interface DispersionTest {
  /** χ² over its degrees of freedom: the counts' variance over their mean around the fitted rate(s) (1 for Poisson). */
  readonly index: number;
  /** P(χ² ≥ observed) under Poisson counts. */
  readonly pValue: number;
  readonly bins: number;
}

export interface ArrivalInference {
  readonly kind: 'poisson' | 'piecewise';
  readonly requests: number;
  /** Seconds from the first arrival to the last. */
  readonly spanS: number;
  /** NaN when there were too few arrivals to bin. */
  readonly binS: number;
  /** Against one rate over the whole log (undefined when too few arrivals to bin). */
  readonly overall?: DispersionTest;
  /** Within the piecewise segments (piecewise only). */
  readonly within?: DispersionTest;
  readonly segments: readonly ArrivalSegment[];
}

const CONFIDENCE = 0.99;
const REJECT_BELOW_P = 0.01;
const MIN_BINS = 10;
const MIN_EXPECTED_PER_BIN = 20;
const MIN_EXPECTED_FALLBACK = 5;
const MIN_SEGMENT_BINS = 3;
const NICE_BIN_S = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14_400, 43_200, 86_400];

/** Exact (Garwood) interval of a Poisson mean from one count. */
export function poissonInterval(count: number, confidence = CONFIDENCE): { lo: number; hi: number } {
  const a = (1 - confidence) / 2;
  const lo = count === 0 ? 0 : invertCdf((x) => regularizedGammaP(count, x), a, count);
  const hi = invertCdf((x) => regularizedGammaP(count + 1, x), 1 - a, count + 1);
  return { lo, hi };
}

function dispersion(counts: readonly number[], means: readonly number[], segments: number): DispersionTest {
  let x2 = 0;
  counts.forEach((c, i) => {
    if (means[i] > 0) x2 += (c - means[i]) ** 2 / means[i];
  });
  const df = counts.length - segments;
  return { index: df > 0 ? x2 / df : NaN, pValue: df > 0 ? 1 - regularizedGammaP(df / 2, x2 / 2) : 1, bins: counts.length };
}

/** Poisson log-likelihood of `count` arrivals over `bins` bins at their own MLE rate (constants dropped). */
const logLik = (count: number, bins: number) => (count > 0 ? count * Math.log(count / bins) - count : 0);

/**
 * The likelihood-ratio statistic a split must beat: the χ²(1) critical value at 1% divided by
 * the number of places the split could be (Bonferroni), so that a stationary stretch is split
 * by chance in fewer than 1% of logs (BIC's 2 ln B is beaten by the best of hundreds of places).
 */
function splitThreshold(bins: number): number {
  const tail = REJECT_BELOW_P / Math.max(1, bins);
  return invertCdf((x) => regularizedGammaP(0.5, x / 2), 1 - tail, 10);
}

/** Binary segmentation of bin counts [from, to): the bin indices where the rate changes. */
function changePoints(prefix: readonly number[], from: number, to: number, penalty: number, out: number[]): void {
  const total = prefix[to] - prefix[from];
  const whole = logLik(total, to - from);
  let best = -1;
  let bestGain = 0;
  for (let s = from + MIN_SEGMENT_BINS; s <= to - MIN_SEGMENT_BINS; s++) {
    const left = prefix[s] - prefix[from];
    const gain = logLik(left, s - from) + logLik(total - left, to - s) - whole;
    if (gain > bestGain) {
      bestGain = gain;
      best = s;
    }
  }
  if (best < 0 || 2 * bestGain <= penalty) return;
  changePoints(prefix, from, best, penalty, out);
  out.push(best);
  changePoints(prefix, best, to, penalty, out);
}

/**
 * The smallest round width holding ~20 expected arrivals, if it leaves at least 10 bins; else the
 * widest round width that does, if it still holds 5 (the χ² test's usual minimum); else none.
 */
function binWidthS(n: number, spanS: number): number | undefined {
  const maxS = spanS / MIN_BINS;
  const wanted = NICE_BIN_S.find((b) => b >= (MIN_EXPECTED_PER_BIN * spanS) / n);
  if (wanted !== undefined && wanted <= maxS) return wanted;
  const widest = [...NICE_BIN_S].reverse().find((b) => b <= maxS);
  return widest !== undefined && (n * widest) / spanS >= MIN_EXPECTED_FALLBACK ? widest : undefined;
}

export function inferArrivals(arrivalsMs: readonly number[]): ArrivalInference {
  const n = arrivalsMs.length;
  const t0 = arrivalsMs[0];
  const spanS = Math.max(1e-3, (arrivalsMs[n - 1] - t0) / 1000);
  const one = (binS: number, overall?: DispersionTest): ArrivalInference => {
    const ci = poissonInterval(n);
    return { kind: 'poisson', requests: n, spanS, binS, overall, segments: [{ startS: 0, untilS: spanS, count: n, ratePerS: n / spanS, lo: ci.lo / spanS, hi: ci.hi / spanS }] };
  };
  const binS = binWidthS(n, spanS);
  if (binS === undefined) return one(NaN);
  const bins = Math.floor(spanS / binS);
  const counts = new Array<number>(bins).fill(0);
  for (const t of arrivalsMs) {
    const b = Math.floor((t - t0) / 1000 / binS);
    if (b < bins) counts[b]++;
  }
  const binned = counts.reduce((a, b) => a + b, 0);
  const overall = dispersion(counts, counts.map(() => binned / bins), 1);
  if (overall.pValue >= REJECT_BELOW_P) return one(binS, overall);
  const prefix = [0];
  for (const c of counts) prefix.push(prefix[prefix.length - 1] + c);
  const cuts: number[] = [];
  changePoints(prefix, 0, bins, splitThreshold(bins), cuts);
  if (cuts.length === 0) return one(binS, overall);
  // Segments in bins, the last one stretched to the last arrival (the partial bin it leaves out).
  const edges = [0, ...cuts, bins];
  const means: number[] = [];
  const segments: ArrivalSegment[] = [];
  for (let i = 0; i + 1 < edges.length; i++) {
    const last = i + 2 === edges.length;
    const startS = edges[i] * binS;
    const untilS = last ? spanS : edges[i + 1] * binS;
    const binCount = prefix[edges[i + 1]] - prefix[edges[i]];
    for (let b = edges[i]; b < edges[i + 1]; b++) means.push(binCount / (edges[i + 1] - edges[i]));
    const count = last ? n - prefix[edges[i]] : binCount;
    const ci = poissonInterval(count);
    segments.push({ startS, untilS, count, ratePerS: count / (untilS - startS), lo: ci.lo / (untilS - startS), hi: ci.hi / (untilS - startS) });
  }
  return { kind: 'piecewise', requests: n, spanS, binS, overall, within: dispersion(counts, means, segments.length), segments };
}
