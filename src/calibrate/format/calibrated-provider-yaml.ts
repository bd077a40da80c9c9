import { appendAll } from '../../core/bulk-array.js';
import { describeChoice, describeIntervals as intervals, formatDurationS, pct, r3 } from './describe-fit.js';
import { flowYaml } from './flow-yaml.js';
import { roundSignificant } from '../sample-quantiles.js';
import type { ErrorRate, ProviderCalibration } from '../infer/calibrate-provider.js';

/**
 * One provider of a calibrated scenario as YAML lines (list item under `providers:`), every
 * inferred value with a comment saying from how many observations it came and how uncertain
 * it is. Times of scheduled incidents are seconds after `t0Ms` (the trace's first request).
 */

const rateComment = (name: string, e: ErrorRate) => `${name} ${e.count}/${e.base} = ${pct(e.rate)} (95% CI ${pct(e.lo)}–${pct(e.hi)})`;

export interface ProviderYamlOptions {
  readonly t0Ms: number;
  /** Routing attributes (weight, priority) to write, e.g. from the observed shares or --router-from. */
  readonly routing: Readonly<Record<string, number>>;
}

export function calibratedProviderYaml(c: ProviderCalibration, opts: ProviderYamlOptions): string[] {
  const L: string[] = [];
  const g = c.latency;
  L.push(`  # ${c.provider}: ${c.attempts} attempts, ${g.succeeded} succeeded`);
  L.push(`  - id: ${flowYaml(c.provider)}`);
  for (const [k, v] of Object.entries(opts.routing)) L.push(`    ${k}: ${r3(v)}`);
  if (g.ttftMs || g.msPerOutputToken) {
    L.push('    latency:');
    if (g.ttftMs) {
      L.push(`      # TTFT from ${g.ttftMs.summary.n} successful attempts: ${describeChoice(g.ttftMs)}${g.ttftMs.recommended === 'parametric' ? intervals(c.intervals.ttftMs) : ''}`);
      L.push(`      ttftMs: ${flowYaml(g.ttftMs.spec, { indent: 14 })}`);
    }
    if (g.msPerOutputToken) {
      L.push(`      # per output token from ${g.msPerOutputToken.summary.n} attempts: ${describeChoice(g.msPerOutputToken)}${g.msPerOutputToken.recommended === 'parametric' ? intervals(c.intervals.msPerOutputToken) : ''}`);
      L.push(`      msPerOutputToken: ${flowYaml(g.msPerOutputToken.spec, { indent: 24 })}`);
    }
  } else {
    L.push(`    # latency: no successful attempt with timings (${g.succeeded} succeeded): routesim's defaults apply — set it by hand`);
  }
  const e = c.errors;
  L.push(`    # errors outside outages: ${rateComment('connection errors', e.connectionErrorRate)} of attempts; ${rateComment('5xx', e.serverErrorRate)} and ${rateComment('timeouts', e.timeoutRate)} of those admitted (429s, connection errors and context overflows aside)`);
  const other = Object.entries(c.otherFailures);
  if (other.length > 0) L.push(`    # not modelled as provider errors: ${other.map(([k, n]) => `${n} × ${k}`).join(', ')}`);
  L.push(`    errors: { serverErrorRate: ${roundSignificant(e.serverErrorRate.rate, 4)}, timeoutRate: ${roundSignificant(e.timeoutRate.rate, 4)}, connectionErrorRate: ${roundSignificant(e.connectionErrorRate.rate, 4)} }`);
  const rl = c.rateLimits;
  if (rl.rpm || rl.tpm) {
    const est = (rl.rpm ?? rl.tpm)!;
    const what = rl.rpm ? 'requests' : 'tokens';
    // The fitted timing sd also absorbs any other doubt about the level (charges the log does not show).
    const timing = est.timingSdMs > 0 ? `; the level read as uncertain by the refill of ~${est.timingSdMs} ms, as if the provider decided that far from the logged send` : '';
    L.push(`    # ${rl.limited} 429s in ${rl.attempts} metered attempts (connection errors aside); ${est.minutes} saturated minutes admitted a median ${r3(est.medianOfMinutes)} ${what}/min; a token bucket replayed over the attempts explains the admit / 429 decisions best at ${r3(est.perMinute)}/min (95% profile-likelihood CI ${r3(est.lo)}–${r3(est.hi)}${timing}), reproducing ${pct(est.agreement)} of them${rl.tpm ? ' (an expectation: refused attempts logged no output)' : ''}; the other limit is above the peak admitted ${rl.rpm ? `${rl.peakTpm} tokens` : `${rl.peakRpm} requests`}/min`);
    L.push(`    rateLimits: { ${rl.rpm ? `rpm: ${Math.round(rl.rpm.perMinute)}` : `tpm: ${Math.round(rl.tpm!.perMinute)}`} }`);
  } else if (rl.note !== undefined) L.push(`    # rate limits: ${rl.note}`);
  appendAll(L, incidentLines(c, opts.t0Ms));
  L.push('    models:');
  for (const [model, list] of c.models) {
    const p = c.prices.get(model);
    if (p) L.push(`      # ${model}: prices from ${p.n} billed attempts (least squares, largest relative residual ${pct(p.maxRelError)})`);
    else L.push(`      # ${model}: no billed attempts (${list.length} attempts): prices 0 — set them or use pricing: from a price table`);
    L.push(`      - ${flowYaml({ id: model, inputUsdPerMTok: p?.inputUsdPerMTok ?? 0, outputUsdPerMTok: p?.outputUsdPerMTok ?? 0 })}`);
  }
  return L;
}

function incidentLines(c: ProviderCalibration, t0Ms: number): string[] {
  const o = c.outages;
  const L: string[] = [];
  if (o.note !== undefined) return [`    # outages: ${o.note}`];
  if (o.windows.length === 0) {
    L.push(`    # outages: none (no run of >= ${o.minRunLength} consecutive connection errors / 5xx; background ${pct(o.backgroundRate)})`);
    return L;
  }
  L.push(`    # outages: ${o.windows.length} run(s) of >= ${o.minRunLength} consecutive connection errors / 5xx (background ${pct(o.backgroundRate)}); start/end are bracket midpoints`);
  L.push('    incidents:');
  for (const w of o.windows) {
    const kind = (w.kinds['connection-error'] ?? 0) >= w.failedAttempts / 2 ? 'down' : 'errors';
    const s = (x: number) => r3((x - t0Ms) / 1000);
    L.push(`      # ${w.failedAttempts} failed attempts (${Object.entries(w.kinds).map(([k, n]) => `${n} × ${k}`).join(', ')}); start in [${s(w.startBracketMs[0])}, ${s(w.startBracketMs[1])}] s, end in [${s(w.endBracketMs[0])}, ${s(w.endBracketMs[1])}] s`);
    L.push(`      - { kind: ${kind}, startS: ${roundSignificant(Math.max(0, (w.startMs - t0Ms) / 1000), 6)}, durationS: ${roundSignificant(Math.max(0.001, (w.endMs - w.startMs) / 1000), 6)} }`);
  }
  const p = c.outageProcess;
  if (p?.timeBetweenS && p.durationS) {
    L.push(`      # for what-ifs instead of the replay above: time between failures ${describeChoice(p.timeBetweenS)}, mean ${formatDurationS(p.timeBetweenS.summary.mean)}; time to repair ${describeChoice(p.durationS)}, mean ${formatDurationS(p.durationS.summary.mean)}`);
    L.push(`      # - { kind: down, timeBetweenS: ${flowYaml(p.timeBetweenS.spec)}, durationS: ${flowYaml(p.durationS.spec)} }`);
  } else L.push(`      # ${o.windows.length} outage(s): too few to fit time-between-failures / time-to-repair (need 4)`);
  return L;
}
