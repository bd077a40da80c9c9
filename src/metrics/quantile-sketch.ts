/**
 * Streaming quantile sketch with a relative-error guarantee (DDSketch: Masson, Rim & Lee,
 * "DDSketch: a fast and fully-mergeable quantile sketch with relative-error guarantees",
 * VLDB 2019).
 *
 * A positive value x goes to bucket k = ⌈log_γ x⌉, which covers (γ^(k−1), γ^k], with
 * γ = (1 + α)/(1 − α). Reporting the bucket by 2γ^k/(γ + 1) is within relative error α of
 * every value in it. Values below the smallest normal double (zero, negatives, subnormals)
 * go to a zero bucket and are reported as 0 (clamped into [min, max]).
 *
 * Memory is bounded: at most `maxBuckets` consecutive keys are kept; when the key range
 * would exceed that, the lowest buckets are collapsed into the lowest kept one (the high
 * quantiles that matter for latency stay exact-to-α). The final state depends only on the
 * multiset of values added, not on their order, which is what makes `merge` exact.
 *
 * Guarantee: for q in [0, 1], let x be the value at 0-based rank `quantileRank(q, n)` of the
 * sorted data. If x is positive and its bucket was not collapsed, |quantile(q) − x| <= α·x
 * (up to ~1e-12 relative floating-point rounding). With the default 2048 buckets and
 * α = 1% nothing collapses unless max/min exceeds γ^2047 ≈ 6e17. A small α needs many more
 * buckets for the same range (α = 0.01% covers only a ratio of 1.5 in 2048 buckets, so a
 * 300 ms median next to 20 s timeouts would collapse): size them with `bucketsToCover`.
 */

/** Values at or below this go to the zero bucket (the smallest normal double). */
const MIN_INDEXABLE = 2.2250738585072014e-308;
const INITIAL_CAPACITY = 64;
/** 2^-50: a few ulps, the rounding a product q·(n − 1) can carry. */
const RANK_SLACK = 8.881784197001252e-16;

/**
 * Buckets that keep relative error α for every value within a factor `rangeRatio` of the largest
 * (at least the default 2048). Memory grows only with the range the data actually spans.
 */
export function bucketsToCover(relativeError: number, rangeRatio: number): number {
  const logGamma = Math.log1p((2 * relativeError) / (1 - relativeError));
  return Math.max(2048, Math.ceil(Math.log(rangeRatio) / logGamma) + 2);
}

export class SketchError extends Error {
  override readonly name = 'SketchError';
}

/**
 * The 0-based rank the sketch reports for quantile q over n values: ⌈q·(n − 1)⌉, where a
 * product within a few ulps above an integer counts as that integer (so q = 0.9, n = 11 is
 * rank 9 even though the double 0.9 is slightly above 9/10).
 */
export function quantileRank(q: number, n: number): number {
  const x = q * (n - 1);
  return Math.min(n - 1, Math.max(0, Math.ceil(x - x * RANK_SLACK)));
}

export interface QuantileSketchJson {
  version: 1;
  relativeError: number;
  maxBuckets: number;
  count: number;
  zeroCount: number;
  /** null when empty (JSON has no Infinity). */
  min: number | null;
  max: number | null;
  sum: number;
  sumCompensation: number;
  /** Key of counts[0]; counts covers consecutive keys. */
  minKey: number;
  counts: number[];
}

export class QuantileSketch {
  readonly relativeError: number;
  readonly maxBuckets: number;
  private readonly gamma: number;
  private readonly logGamma: number;
  private readonly multiplier: number;
  private counts: Float64Array;
  /** Key stored at counts[0]. */
  private base = 0;
  /** Window of keys in use, lo..hi; empty while hi < lo. */
  private lo = 0;
  private hi = -1;
  private n = 0;
  private zeros = 0;
  private minValue = Infinity;
  private maxValue = -Infinity;
  // Neumaier-compensated running sum: the mean stays accurate over 1e9 adds.
  private sumValue = 0;
  private sumComp = 0;

  constructor(relativeError = 0.01, maxBuckets = 2048) {
    if (!(relativeError > 0 && relativeError < 1)) throw new SketchError(`relativeError must be in (0, 1), got ${relativeError}`);
    if (!(Number.isInteger(maxBuckets) && maxBuckets >= 1)) throw new SketchError(`maxBuckets must be an integer >= 1, got ${maxBuckets}`);
    this.relativeError = relativeError;
    this.maxBuckets = maxBuckets;
    this.gamma = (1 + relativeError) / (1 - relativeError);
    this.logGamma = Math.log1p((2 * relativeError) / (1 - relativeError));
    this.multiplier = 1 / this.logGamma;
    this.counts = new Float64Array(Math.min(maxBuckets, INITIAL_CAPACITY));
  }

  get count(): number {
    return this.n;
  }

  /** Smallest value added (exact); NaN when empty. */
  get min(): number {
    return this.n > 0 ? this.minValue : NaN;
  }

  /** Largest value added (exact); NaN when empty. */
  get max(): number {
    return this.n > 0 ? this.maxValue : NaN;
  }

  get sum(): number {
    return this.sumValue + this.sumComp;
  }

  /** Mean of the values added; NaN when empty. */
  get mean(): number {
    return this.n > 0 ? (this.sumValue + this.sumComp) / this.n : NaN;
  }

  /** Values that went to the zero bucket. */
  get zeroCount(): number {
    return this.zeros;
  }

  /** Number of bucket slots in use (bounded by maxBuckets). */
  get bucketCount(): number {
    return this.hi >= this.lo ? this.hi - this.lo + 1 : 0;
  }

  /** Adds one finite value. No allocation unless the key range grows. */
  add(value: number): void {
    if (value - value !== 0) throw new SketchError(`cannot add non-finite value ${value}`);
    this.n++;
    if (value < this.minValue) this.minValue = value;
    if (value > this.maxValue) this.maxValue = value;
    const t = this.sumValue + value;
    if (Math.abs(this.sumValue) >= Math.abs(value)) this.sumComp += this.sumValue - t + value;
    else this.sumComp += value - t + this.sumValue;
    this.sumValue = t;
    if (value > MIN_INDEXABLE) {
      const key = Math.ceil(Math.log(value) * this.multiplier) | 0; // | 0: never -0 (keys go to JSON and comparisons)
      if (key >= this.lo && key <= this.hi) this.counts[key - this.base]++;
      else this.addKeySlow(key, 1);
    } else {
      this.zeros++;
    }
  }

  /**
   * The value at rank `quantileRank(q, count)`, within relative error α (see the file
   * comment). q = 0 and q = 1 return the exact min and max. NaN when empty.
   */
  quantile(q: number): number {
    if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile: q must be in [0, 1], got ${q}`);
    const n = this.n;
    if (n === 0) return NaN;
    const rank = quantileRank(q, n);
    if (rank === 0) return this.minValue;
    if (rank === n - 1) return this.maxValue;
    let value = 0;
    let seen = this.zeros;
    if (rank >= seen) {
      const counts = this.counts;
      for (let k = this.lo; k <= this.hi; k++) {
        seen += counts[k - this.base];
        if (seen > rank) {
          value = (2 * Math.exp(k * this.logGamma)) / (this.gamma + 1);
          break;
        }
      }
    }
    return Math.min(this.maxValue, Math.max(this.minValue, value));
  }

  /** Adds all of `other`'s values: identical to having added them here (sum up to rounding). */
  merge(other: QuantileSketch): void {
    if (other.relativeError !== this.relativeError || other.maxBuckets !== this.maxBuckets) {
      throw new SketchError(
        `cannot merge sketches with different parameters (α ${this.relativeError} vs ${other.relativeError}, maxBuckets ${this.maxBuckets} vs ${other.maxBuckets})`,
      );
    }
    if (other === this) other = this.clone();
    if (other.n === 0) return;
    this.n += other.n;
    this.zeros += other.zeros;
    if (other.minValue < this.minValue) this.minValue = other.minValue;
    if (other.maxValue > this.maxValue) this.maxValue = other.maxValue;
    this.addToSum(other.sumValue);
    this.addToSum(other.sumComp);
    // Highest keys first so the window settles at once instead of sliding per key.
    for (let k = other.hi; k >= other.lo; k--) {
      const c = other.counts[k - other.base];
      if (c > 0) this.addKey(k, c);
    }
  }

  clone(): QuantileSketch {
    return QuantileSketch.fromJSON(this.toJSON());
  }

  toJSON(): QuantileSketchJson {
    const empty = this.hi < this.lo;
    return {
      version: 1,
      relativeError: this.relativeError,
      maxBuckets: this.maxBuckets,
      count: this.n,
      zeroCount: this.zeros,
      min: this.n > 0 ? this.minValue : null,
      max: this.n > 0 ? this.maxValue : null,
      sum: this.sumValue,
      sumCompensation: this.sumComp,
      minKey: empty ? 0 : this.lo,
      counts: empty ? [] : Array.from(this.counts.subarray(this.lo - this.base, this.hi - this.base + 1)),
    };
  }

  static fromJSON(json: QuantileSketchJson): QuantileSketch {
    const bad = (why: string) => new SketchError(`invalid QuantileSketch JSON: ${why}`);
    if (json === null || typeof json !== 'object' || json.version !== 1) throw bad('expected an object with version 1');
    const s = new QuantileSketch(json.relativeError, json.maxBuckets);
    const isCount = (x: unknown) => typeof x === 'number' && Number.isInteger(x) && x >= 0;
    if (!isCount(json.count) || !isCount(json.zeroCount)) throw bad('count and zeroCount must be non-negative integers');
    if (!Array.isArray(json.counts) || !json.counts.every(isCount)) throw bad('counts must be an array of non-negative integers');
    if (!Number.isInteger(json.minKey)) throw bad('minKey must be an integer');
    if (json.counts.length > json.maxBuckets) throw bad(`${json.counts.length} buckets exceed maxBuckets ${json.maxBuckets}`);
    const bucketTotal = json.counts.reduce((a, b) => a + b, 0);
    if (bucketTotal + json.zeroCount !== json.count) throw bad(`bucket counts (${bucketTotal}) + zeroCount (${json.zeroCount}) != count (${json.count})`);
    if (json.count > 0 && !(typeof json.min === 'number' && typeof json.max === 'number' && json.min <= json.max)) throw bad('min/max missing or inconsistent');
    if (typeof json.sum !== 'number' || typeof json.sumCompensation !== 'number') throw bad('sum must be numbers');
    s.n = json.count;
    s.zeros = json.zeroCount;
    s.minValue = json.count > 0 ? (json.min as number) : Infinity;
    s.maxValue = json.count > 0 ? (json.max as number) : -Infinity;
    s.sumValue = json.sum;
    s.sumComp = json.sumCompensation;
    if (json.counts.length > 0) {
      s.counts = new Float64Array(Math.max(s.counts.length, json.counts.length));
      s.counts.set(json.counts);
      s.base = json.minKey;
      s.lo = json.minKey;
      s.hi = json.minKey + json.counts.length - 1;
    }
    return s;
  }

  private addToSum(x: number): void {
    const t = this.sumValue + x;
    if (Math.abs(this.sumValue) >= Math.abs(x)) this.sumComp += this.sumValue - t + x;
    else this.sumComp += x - t + this.sumValue;
    this.sumValue = t;
  }

  private addKey(key: number, weight: number): void {
    if (key >= this.lo && key <= this.hi) this.counts[key - this.base] += weight;
    else this.addKeySlow(key, weight);
  }

  /**
   * Key outside the window. Invariant: lo = max(smallest key seen, hi − maxBuckets + 1) and
   * every key below lo is counted at lo — a function of the key multiset only.
   */
  private addKeySlow(key: number, weight: number): void {
    if (this.hi < this.lo) {
      this.moveWindow(key, key);
      this.counts[key - this.base] += weight;
      return;
    }
    if (key > this.hi) {
      this.moveWindow(Math.max(this.lo, key - this.maxBuckets + 1), key);
      this.counts[key - this.base] += weight;
    } else {
      const newLo = Math.max(key, this.hi - this.maxBuckets + 1);
      this.moveWindow(newLo, this.hi);
      this.counts[newLo - this.base] += weight;
    }
  }

  /** Sets the window to [newLo, newHi] (width <= maxBuckets), collapsing keys below newLo into it. */
  private moveWindow(newLo: number, newHi: number): void {
    let collapsed = 0;
    const empty = this.hi < this.lo;
    if (!empty && newLo > this.lo) {
      const end = Math.min(newLo - 1, this.hi);
      for (let k = this.lo; k <= end; k++) {
        collapsed += this.counts[k - this.base];
        this.counts[k - this.base] = 0;
      }
    }
    const cap = this.counts.length;
    if (empty || newLo < this.base || newHi >= this.base + cap) {
      const size = newHi - newLo + 1;
      let newCap = cap;
      while (newCap < size) newCap *= 2;
      newCap = Math.min(newCap, this.maxBuckets);
      // Leave the spare room on the side the window is growing towards.
      const newBase = !empty && newLo < this.lo ? newHi - newCap + 1 : newLo;
      const next = newCap === cap ? this.counts : new Float64Array(newCap);
      if (!empty) {
        const keepLo = Math.max(this.lo, newLo);
        const keepHi = this.hi;
        if (keepLo <= keepHi) {
          if (next === this.counts) {
            this.counts.copyWithin(keepLo - newBase, keepLo - this.base, keepHi - this.base + 1);
            // Zero the slots the shift vacated (those outside the moved range).
            const movedFrom = keepLo - this.base;
            const movedTo = keepLo - newBase;
            const len = keepHi - keepLo + 1;
            if (movedTo > movedFrom) this.counts.fill(0, movedFrom, Math.min(movedTo, movedFrom + len));
            else this.counts.fill(0, Math.max(movedTo + len, movedFrom), movedFrom + len);
          } else {
            next.set(this.counts.subarray(keepLo - this.base, keepHi - this.base + 1), keepLo - newBase);
          }
        }
      } else {
        next.fill(0);
      }
      this.counts = next;
      this.base = newBase;
    }
    this.lo = newLo;
    this.hi = newHi;
    if (collapsed > 0) this.counts[newLo - this.base] += collapsed;
  }
}
