import type { SampleFit } from '../calibrate/fit-candidates.js';
import type { LatencyGroupFit } from '../calibrate/fit-latency.js';
import type { OutageGroupFit } from '../calibrate/fit-outages.js';
import { formatDurationS, formatP, formatParams } from '../calibrate/format/describe-fit.js';
import { roundSignificant } from '../calibrate/sample-quantiles.js';
import { renderTable } from './table.js';
import { appendAll } from '../core/bulk-array.js';

/** One row per (group, metric, family): parameters, KS distance and p-value, AIC; ✓ marks the pick. */
function candidateRows(group: string, metric: string, n: number, fit: SampleFit): string[][] {
  const rows: string[][] = [];
  fit.candidates.forEach((c, i) => {
    const first = i === 0;
    const picked = fit.recommended === 'parametric' && c === fit.best;
    rows.push([
      first ? group : '',
      first ? metric : '',
      first ? String(n) : '',
      `${c.family}${picked ? ' ✓' : ''}`,
      c.fit ? formatParams(c.fit.params) : `(${c.error})`,
      c.ks ? String(roundSignificant(c.ks.d, 3)) : '–',
      c.ks ? formatP(c.ks.pValue) : '–',
      c.aic !== undefined ? String(roundSignificant(c.aic, 6)) : '–',
    ]);
  });
  if (fit.recommended === 'empirical') rows.push(['', '', '', 'empirical ✓', '(every family rejected at the chosen level)', '', '', '']);
  return rows;
}

const HEADERS = ['group', 'metric', 'n', 'family', 'MLE parameters', 'KS D', 'p', 'AIC'];
const RIGHT = [false, false, true, false, false, true, true, true];

export function formatLatencyFitTable(groups: readonly LatencyGroupFit[]): string {
  const rows: string[][] = [];
  for (const g of groups) {
    if (g.ttftMs) appendAll(rows, candidateRows(g.group, 'ttftMs', g.ttftMs.summary.n, g.ttftMs));
    if (g.msPerOutputToken) appendAll(rows, candidateRows(g.ttftMs ? '' : g.group, 'msPerOutputToken', g.msPerOutputToken.summary.n, g.msPerOutputToken));
  }
  return renderTable(HEADERS, rows, RIGHT);
}

export function formatOutageFitTable(groups: readonly OutageGroupFit[]): string {
  const rows: string[][] = [];
  for (const g of groups) {
    if (g.timeBetweenS) appendAll(rows, candidateRows(g.group, 'timeBetweenS', g.timeBetweenS.summary.n, g.timeBetweenS));
    if (g.durationS) appendAll(rows, candidateRows(g.timeBetweenS ? '' : g.group, 'durationS', g.durationS.summary.n, g.durationS));
  }
  const table = renderTable(HEADERS, rows, RIGHT);
  const facts = groups.map((g) => `${g.group}: ${g.incidents} incidents over ${formatDurationS(g.observedS)}, MTBF ${formatDurationS(g.timeBetweenS?.summary.mean ?? NaN)}, MTTR ${formatDurationS(g.durationS?.summary.mean ?? NaN)}, availability ${roundSignificant(100 * g.availability, 5)}%`);
  return `${table}\n\n${facts.join('\n')}`;
}

/** JSON view of fits without the raw samples and functions. */
export function fitToJson(fit: SampleFit | undefined): unknown {
  if (fit === undefined) return undefined;
  return {
    summary: fit.summary,
    recommended: fit.recommended,
    spec: fit.spec,
    candidates: fit.candidates.map((c) => ({ family: c.family, params: c.fit?.params, logLikelihood: c.fit?.logLikelihood, aic: c.aic, ks: c.ks, error: c.error })),
  };
}
