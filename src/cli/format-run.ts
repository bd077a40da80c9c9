import { appendAll } from '../core/bulk-array.js';
import type { RunSummary } from '../metrics/run-summary.js';
import { formatPolicyTables } from './format-policies.js';
import { fmtNum, fmtPct, fmtUsd, renderTable } from './table.js';

/** Human-readable summary of one run, including the seed's routing report. */
export function formatRunSummary(s: RunSummary): string {
  const r = s.requests;
  const lines: string[] = [];
  lines.push(`scenario ${s.scenario} · strategy ${s.strategy} · seed ${s.seed} · ${fmtNum(s.durationS, 0)} s simulated`);
  lines.push('');
  lines.push(`requests     ${r.total.toLocaleString('en-US')}  (succeeded ${r.succeeded.toLocaleString('en-US')}, failed ${r.failed.toLocaleString('en-US')}${r.inFlightAtHorizon ? `, in flight at end ${r.inFlightAtHorizon}` : ''})`);
  lines.push(`success rate ${fmtPct(s.successRate, 3)}   uptime ${fmtPct(s.uptime, 2)} of ${fmtNum(s.bucketS, 0)} s buckets at SLO ${fmtPct(s.sloSuccessRate, 1)}`);
  const l = s.latencyMs;
  lines.push(`latency ms   mean ${fmtNum(l.mean, 0)}  p50 ${fmtNum(l.p50, 0)}  p95 ${fmtNum(l.p95, 0)}  p99 ${fmtNum(l.p99, 0)}  p99.9 ${fmtNum(l.p999, 0)}`);
  lines.push(`ttft ms      p50 ${fmtNum(s.ttftMs.p50, 0)}  p99 ${fmtNum(s.ttftMs.p99, 0)}    queue ms p50 ${fmtNum(s.queueMs.p50, 0)}  p99 ${fmtNum(s.queueMs.p99, 0)}`);
  lines.push(`cost         ${fmtUsd(s.costUsd.total)} total, ${fmtUsd(s.costUsd.perRequest)} per request, ${fmtUsd(s.costUsd.per1kSuccessful)} per 1k successful`);
  lines.push(`resilience   ${s.retries} retries, ${s.failovers} failovers, ${s.hedges} hedges, ${s.panicRequests} requests routed in panic mode`);
  if (s.trace) lines.push(`trace        ${s.trace.file} (${s.trace.format}): ${s.trace.requests.toLocaleString('en-US')} requests, ${s.trace.badRowsSkipped} bad rows skipped, ${s.trace.passes} pass${s.trace.passes === 1 ? '' : 'es'}`);
  if (s.prefixCache) lines.push(`prefix cache ${s.prefixCache.map((p) => `${p.providerId} ${fmtPct(p.hitRate, 1)}`).join(', ')} of prompt blocks hit`);
  if (s.quality) {
    const q = s.quality;
    lines.push(`quality      ${fmtPct(q.score, 2)} score, ${fmtPct(q.strongCallRate, 1)} strong calls, PGR ${fmtNum(q.pgr, 3)} (always strong ${fmtPct(q.strongOnlyScore, 2)}, always weak ${fmtPct(q.weakOnlyScore, 2)}, oracle ${fmtPct(q.oracleScore, 2)})`);
  }
  if (r.failed > 0) {
    const reasons = Object.entries(r.failedByReason).map(([k, v]) => `${k} ${v}`).join(', ');
    const last = Object.entries(r.failedByLastError).map(([k, v]) => `${k} ${v}`).join(', ');
    lines.push(`failures     by reason: ${reasons}; last error: ${last}`);
  }
  lines.push('');
  lines.push('Routing report');
  lines.push(
    renderTable(
      ['deployment', 'attempts', 'served', 'share', 'cost'],
      s.deployments.map((d) => [d.id, d.attempts.toLocaleString('en-US'), d.served.toLocaleString('en-US'), fmtPct(d.share, 1), fmtUsd(d.costUsd)]),
    ),
  );
  lines.push('');
  lines.push(renderTable(['provider', 'utilization', 'mean busy slots'], s.providers.map((p) => [p.id, fmtPct(p.utilization, 1), fmtNum(p.meanBusySlots, 1)])));
  lines.push(`(time averages over the ${fmtNum(s.durationS, 0)} s simulated; the drain after it is not counted)`);
  if (s.incidents.length > 0) {
    lines.push('');
    lines.push(
      renderTable(
        ['incident', 'start s', 'end s', 'detected after s', 'recovered after s'],
        s.incidents.map((i) => [`${i.providerId} ${i.kind}`, fmtNum(i.startS, 0), fmtNum(i.endS, 0), i.detectS === undefined ? 'never' : fmtNum(i.detectS, 1), i.recoverS === undefined ? '–' : fmtNum(i.recoverS, 1)]),
      ),
    );
  }
  appendAll(lines, formatPolicyTables(s));
  return lines.join('\n');
}
