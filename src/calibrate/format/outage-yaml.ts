import type { OutageGroupFit } from '../fit-outages.js';
import { roundSignificant } from '../sample-quantiles.js';
import { describeChoice, formatDurationS } from './describe-fit.js';
import { flowYaml } from './flow-yaml.js';

export type OutageKind = 'down' | 'errors' | 'brownout' | 'gray';

/** A provider `incidents:` block: one stochastic incident process with the fitted gaps and durations. */
export function outageYamlBlock(g: OutageGroupFit, kind: OutageKind = 'down'): string {
  const lines: string[] = [];
  const merged = g.merged > 0 ? ` (${g.merged} overlapping merged)` : '';
  lines.push(`# ${g.group}: ${g.incidents} incidents${merged} over ${formatDurationS(g.observedS)}, availability ${roundSignificant(100 * g.availability, 5)}%`);
  if (g.timeBetweenS) lines.push(`#   time between failures: ${describeChoice(g.timeBetweenS)}; mean ${formatDurationS(g.timeBetweenS.summary.mean)}`);
  if (g.durationS) lines.push(`#   time to repair: ${describeChoice(g.durationS)}; mean ${formatDurationS(g.durationS.summary.mean)}, median ${formatDurationS(g.durationS.summary.median)}`);
  if (g.meanSeverity !== undefined) lines.push(`#   mean reported severity ${roundSignificant(g.meanSeverity, 2)} (0–1)`);
  if (!g.timeBetweenS || !g.durationS) {
    lines.push('#   too few incidents to fit');
    return lines.join('\n');
  }
  lines.push('incidents:');
  lines.push(`  - kind: ${kind}`);
  lines.push(`    timeBetweenS: ${flowYaml(g.timeBetweenS.spec, { indent: 18 })}`);
  lines.push(`    durationS: ${flowYaml(g.durationS.spec, { indent: 15 })}`);
  return lines.join('\n');
}
