/**
 * Special functions the distribution families need: the standard normal density, CDF and
 * quantile, the inverse Mills ratio of the normal tail, and log-gamma. Pure functions, full
 * double precision unless noted.
 */

const SQRT_2PI = 2.5066282746310002;

/** Standard normal density φ(x). */
export function normalPdf(x: number): number {
  return Math.exp(-0.5 * x * x) / SQRT_2PI;
}

// W. J. Cody, "Rational Chebyshev approximations for the error function", Math. Comp. 1969
// (netlib specfun CALERF): near-minimax rational functions on three intervals.
const ERF_A = [3.1611237438705656, 113.864154151050156, 377.485237685302021, 3209.37758913846947, 0.185777706184603153];
const ERF_B = [23.6012909523441209, 244.024637934444173, 1282.61652607737228, 2844.23683343917062];
const ERFC_C = [
  0.564188496988670089, 8.88314979438837594, 66.1191906371416295, 298.635138197400131, 881.95222124176909,
  1712.04761263407058, 2051.07837782607147, 1230.33935479799725, 2.15311535474403846e-8,
];
const ERFC_D = [
  15.7449261107098347, 117.693950891312499, 537.181101862009858, 1621.38957456669019, 3290.79923573345963,
  4362.61909014324716, 3439.36767414372164, 1230.33935480374942,
];
const ERFC_P = [0.305326634961232344, 0.360344899949804439, 0.125781726111229246, 0.0160837851487422766, 6.58749161529837803e-4, 0.0163153871373020978];
const ERFC_Q = [2.56852019228982242, 1.87295284992346047, 0.527905102951428412, 0.0605183413124413191, 0.00233520497626869185];
const INV_SQRT_PI = 0.56418958354775628695;
const ERF_SMALL = 0.46875;
const ERFC_UNDERFLOW = 26.543;

function erfSmall(y: number): number {
  const ysq = y * y;
  let num = ERF_A[4] * ysq;
  let den = ysq;
  for (let i = 0; i < 3; i++) {
    num = (num + ERF_A[i]) * ysq;
    den = (den + ERF_B[i]) * ysq;
  }
  return (y * (num + ERF_A[3])) / (den + ERF_B[3]);
}

/** exp(y²)·erfc(y) for y > ERF_SMALL, no underflow. */
function erfcxLarge(y: number): number {
  if (y <= 4) {
    let num = ERFC_C[8] * y;
    let den = y;
    for (let i = 0; i < 7; i++) {
      num = (num + ERFC_C[i]) * y;
      den = (den + ERFC_D[i]) * y;
    }
    return (num + ERFC_C[7]) / (den + ERFC_D[7]);
  }
  if (y >= 6.71e7) return INV_SQRT_PI / y;
  const ysq = 1 / (y * y);
  let num = ERFC_P[5] * ysq;
  let den = ysq;
  for (let i = 0; i < 4; i++) {
    num = (num + ERFC_P[i]) * ysq;
    den = (den + ERFC_Q[i]) * ysq;
  }
  return (INV_SQRT_PI - (ysq * (num + ERFC_P[4])) / (den + ERFC_Q[4])) / y;
}

/**
 * exp(−(k/16)²) for every k that `erfcNonNegative` can meet (y < ERFC_UNDERFLOW), computed
 * by the very expression it replaces, so the results are bit-for-bit the same with one
 * Math.exp fewer per call (the lognormal sampler calls this for every draw).
 */
const EXP_NEG_SQUARE_16THS = Float64Array.from({ length: Math.ceil(ERFC_UNDERFLOW * 16) + 1 }, (_, k) => {
  const yRounded = k / 16;
  return Math.exp(-yRounded * yRounded);
});

/** erfc(y) for y >= 0; exp(−y²) is split as Cody does so the rounding of y² does not cost digits. */
function erfcNonNegative(y: number): number {
  if (y <= ERF_SMALL) return 1 - erfSmall(y);
  if (y >= ERFC_UNDERFLOW) return 0;
  const k = Math.trunc(y * 16);
  const yRounded = k / 16; // exact: k is an integer, 16 a power of two
  const del = (y - yRounded) * (y + yRounded);
  return EXP_NEG_SQUARE_16THS[k] * Math.exp(-del) * erfcxLarge(y);
}

/**
 * Standard normal CDF Φ(x) = erfc(−x/√2)/2 via Cody's erfc: ~1e-15 relative in the body,
 * ~1e-13 far in the lower tail (the rounding of x/√2 dominates there). The smaller tail is
 * computed directly, so Φ(−30) keeps its digits instead of rounding to 0 via 1 − Φ(30).
 */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const tail = 0.5 * erfcNonNegative(Math.abs(x) * Math.SQRT1_2);
  return x > 0 ? 1 - tail : tail;
}

/**
 * Inverse Mills ratio λ(a) = φ(a) / (1 − Φ(a)), the mean of a standard normal truncated to
 * [a, ∞). Finite and accurate for every finite a: in the upper tail it is computed from the
 * scaled erfc, so the exp(−a²/2) factors cancel analytically instead of underflowing to 0/0.
 */
export function inverseMillsRatio(a: number): number {
  const y = a * Math.SQRT1_2;
  if (y > ERF_SMALL) return Math.sqrt(2 / Math.PI) / erfcxLarge(y);
  return normalPdf(a) / normalCdf(-a);
}

// Acklam's rational approximation (relative error < 1.15e-9), refined below by one Halley step.
const A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
const P_LOW = 0.02425;

/**
 * Standard normal quantile Φ⁻¹(p): Acklam's approximation plus one Halley step against
 * `normalCdf`, which brings it to ~1e-15 relative. Works in the lower half only (the upper
 * half by symmetry, 1 − p being exact there), so tiny tail probabilities keep full precision.
 * Returns ∓Infinity at p = 0 / 1 and NaN outside [0, 1].
 */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  return p > 0.5 ? -lowerHalfQuantile(1 - p) : lowerHalfQuantile(p);
}

/**
 * Φ⁻¹(u) for sampling: Acklam's approximation alone (relative error < 1.15e-9, far below
 * anything a simulated latency or token count can show), without the Halley step that
 * `normalQuantile` adds for full precision — that step (an erfc and two exps) doubled the
 * cost of every lognormal draw. Monotone within each branch; u must be in (0, 1).
 */
export function normalQuantileForSampling(u: number): number {
  return u > 0.5 ? -acklamLowerHalf(1 - u) : acklamLowerHalf(u);
}

function acklamLowerHalf(p: number): number {
  if (p < P_LOW) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return ((((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q) / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
}

/**
 * Φ⁻¹(p) for 0 < p <= 0.5: Acklam's approximation refined by one Halley step, with Φ(x)
 * computed as `normalCdf` does (bit-identical results).
 */
function lowerHalfQuantile(p: number): number {
  let x = acklamLowerHalf(p);
  if (x > -37.5) {
    // x <= 0 here (Acklam's lower half), so Φ(x) = erfc(|x|/√2)/2: normalCdf's lower branch.
    const e = 0.5 * erfcNonNegative(Math.abs(x) * Math.SQRT1_2) - p;
    const u = e * SQRT_2PI * Math.exp(0.5 * x * x);
    x = x - u / (1 + 0.5 * x * u);
  }
  return x;
}

// Lanczos approximation, g = 7, n = 9 (relative error ~1e-15 for x > 0).
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** ln Γ(x) for x > 0 (reflection is not needed by any family here). */
export function logGamma(x: number): number {
  if (!(x > 0)) return NaN;
  if (x < 0.5) {
    // Γ(x) = Γ(x + 1) / x keeps the Lanczos sum in its accurate range.
    return logGamma(x + 1) - Math.log(x);
  }
  const y = x - 1;
  let sum = LANCZOS[0];
  for (let i = 1; i < 9; i++) sum += LANCZOS[i] / (y + i);
  const t = y + 7.5;
  return HALF_LOG_2PI + (y + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** Γ(x) for x > 0; Infinity when it overflows. */
export function gammaFunction(x: number): number {
  return Math.exp(logGamma(x));
}
