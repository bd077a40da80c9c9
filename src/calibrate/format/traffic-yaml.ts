import type { ArrivalInference, DispersionTest } from '../infer/infer-arrivals.js';
import type { SyntheticTraffic, TokenFit } from '../infer/infer-traffic.js';
import { roundSignificant } from '../sample-quantiles.js';
import { describeChoice, describeIntervals, formatP, pct, r3 } from './describe-fit.js';
import { flowYaml } from './flow-yaml.js';

/**
 * The `traffic:` block of `calibrate --synthetic` as YAML lines: arrivals, token lengths,
 * stream share and tenant mix, every value with a comment saying from how many observations
 * it came and how uncertain it is. Times are seconds after the log's first request.
 */
const describeDispersion = (d: DispersionTest) => `dispersion index ${r3(d.index)} over ${d.bins} bins (χ² p ${formatP(d.pValue)})`;

function arrivalLines(a: ArrivalInference): string[] {
  const head = `  # arrivals: ${a.requests} requests over ${r3(a.spanS)} s`;
  if (a.kind === 'poisson') {
    const s = a.segments[0];
    const why = a.overall === undefined
      ? 'too few arrivals to test their dispersion (10 bins of at least 5 needed): one Poisson rate'
      : `counts per ${a.binS} s: ${describeDispersion(a.overall)}, consistent with Poisson`;
    return [`${head}; ${why}; rate 99% CI ${r3(s.lo)}–${r3(s.hi)}/s`, `  arrivals: { kind: poisson, ratePerS: ${roundSignificant(s.ratePerS, 4)} }`];
  }
  const L = [
    `${head}; counts per ${a.binS} s: ${describeDispersion(a.overall!)}, burstier than one Poisson rate`,
    `  # binary segmentation (likelihood ratio, Bonferroni 1%) found ${a.segments.length} rates; within them ${describeDispersion(a.within!)}${a.within!.pValue < 0.01 ? ': still burstier than Poisson within segments (the rates hold the mean; burst structure is not fitted)' : ', consistent with Poisson'}`,
    '  arrivals:',
    '    kind: piecewise',
    '    segments:',
  ];
  for (const s of a.segments) {
    L.push(`      # ${r3(s.startS)}–${r3(s.untilS)} s: ${s.count} arrivals, 99% CI ${r3(s.lo)}–${r3(s.hi)}/s`);
    L.push(`      - { untilS: ${roundSignificant(s.untilS, 6)}, ratePerS: ${roundSignificant(s.ratePerS, 4)} }`);
  }
  return L;
}

function tokenLines(key: string, what: string, t: TokenFit | undefined): string[] {
  if (t === undefined) return [`  # ${key}: too few ${what} with tokens to fit: routesim's default applies`];
  const skipped = t.unusable > 0 ? ` (${t.unusable} logged none)` : '';
  const ci = t.fit.recommended === 'parametric' ? describeIntervals(t.intervals) : '';
  return [`  # ${key} from ${t.fit.summary.n} ${what}${skipped}: ${describeChoice(t.fit)}${ci}; median ${r3(t.fit.summary.median)}, p99 ${r3(t.fit.summary.p99)}`, `  ${key}: ${flowYaml(t.fit.spec, { indent: key.length + 4 })}`];
}

export function syntheticTrafficYaml(t: SyntheticTraffic): string[] {
  const L = ['traffic:', ...arrivalLines(t.arrivals), ...tokenLines('inputTokens', 'requests', t.inputTokens), ...tokenLines('outputTokens', 'successful requests', t.outputTokens)];
  const s = t.stream;
  L.push(`  # streamed: ${s.count}/${s.n} = ${pct(s.rate)} (95% CI ${pct(s.lo)}–${pct(s.hi)})`);
  L.push(`  streamFraction: ${roundSignificant(s.rate, 4)}`);
  if (t.tenants !== undefined) {
    const total = [...t.tenants.values()].reduce((a, b) => a + b, 0);
    L.push(`  # tenants: shares of the ${total} requests that logged one (${[...t.tenants].map(([k, n]) => `${k} ${n}`).join(', ')})`);
    L.push(`  tenants: ${flowYaml(Object.fromEntries([...t.tenants].map(([k, n]) => [k, n / total])), { digits: 3, indent: 11 })}`);
  }
  L.push(`  # ${t.distinctClients} distinct (hashed) clients logged; not fitted: clients are drawn from routesim's Zipf law (clients.count, zipfS); categories are not logged`);
  return L;
}
