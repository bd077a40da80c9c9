import type { ReportDocument, Section } from '../../report/report-document.js';
import { renderHtml } from '../../report/html/render-html.js';
import { renderMarkdown } from '../../report/markdown/render-markdown.js';
import { cell, left, nameColumn, right, type Cell, type Table } from '../../report/tables/table.js';
import type { LiveVsSim, MetricRow } from './live-vs-sim.js';

const num = (v: number) => (!Number.isFinite(v) ? String(v) : Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toPrecision(3));

function diffText(r: MetricRow): string {
  if (!Number.isFinite(r.diff)) return String(r.diff);
  const sign = r.diff > 0 ? '+' : '';
  return r.unit === 'percent' ? `${sign}${r.diff.toFixed(2)}%` : r.unit === 'points' ? `${sign}${r.diff.toFixed(2)} pt` : `${sign}${num(r.diff)}`;
}

function verdict(pass: boolean | undefined, target?: string): Cell {
  if (pass === undefined) return cell('—', { tone: 'muted' });
  return cell(pass ? 'met' : 'missed', { tone: pass ? 'held' : 'failed', ...(target ? { note: target } : {}) });
}

// toPrecision(12): a target computed in floating point (1 − 0.99 = 0.01000…09) prints as written.
const targetText = (r: MetricRow) => (r.target === undefined ? undefined : `≤ ${Number(r.target.toPrecision(12))}${r.unit === 'percent' ? '%' : r.unit === 'points' ? ' pt' : ''}`);

function metricsTable(c: LiveVsSim): Table {
  return {
    columns: [nameColumn('Metric'), right('Simulated'), right('Live'), right('Live − sim'), left('Target')],
    rows: c.rows.map((r) => [
      cell(r.metric),
      r.simCi === undefined ? cell(num(r.sim)) : cell(num(r.sim), { note: `± ${num(r.simCi)}` }),
      cell(num(r.live)),
      cell(diffText(r)),
      verdict(r.pass, targetText(r)),
    ]),
  };
}

function incidentsTable(c: LiveVsSim): Table {
  const s = (v?: number) => (v === undefined ? 'never' : `${v.toFixed(1)} s`);
  return {
    columns: [nameColumn('Incident'), right('Detect sim'), right('Detect live'), right('Recover sim'), right('Recover live'), left('Within one interval')],
    rows: c.incidents.map((x) => [
      cell(`${x.providerId} ${x.kind} at ${x.startS.toFixed(0)} s`),
      cell(s(x.sim.detectS)), cell(s(x.live?.detectS)), cell(s(x.sim.recoverS)), cell(s(x.live?.recoverS)),
      verdict(x.pass, `± ${x.toleranceS} s`),
    ]),
  };
}

function joinTable(c: LiveVsSim): Table {
  const j = c.join;
  const d = j.latencyDiffMs;
  const rows: [string, string][] = [
    ['requests joined', String(j.joined)],
    ['only simulated / only live', `${j.simOnly} / ${j.liveOnly}`],
    ['identical attempt sequences', `${j.identical} (${(j.identicalShare * 100).toFixed(2)}%)`],
    ['first divergence: another deployment picked', String(j.divergenceCounts.pick)],
    ['first divergence: a timer (timeout or cancel) on one side', String(j.divergenceCounts['outcome-timer'])],
    ['first divergence: another outcome at the same deployment', String(j.divergenceCounts['outcome-other'])],
    ['first divergence: more attempts on one side', String(j.divergenceCounts.length)],
    ['latency live − sim: mean / p50 / p90 / p99 (ms)', [d.mean, d.p50, d.p90, d.p99].map(num).join(' / ')],
    ['latency |live − sim| mean (ms)', num(d.meanAbs)],
  ];
  const src = c.sources;
  const three = (x: { mean: number; p50: number; p99: number }) => [x.mean, x.p50, x.p99].map(num).join(' / ');
  rows.push(
    [`identical requests: load generator sent late, mean / p50 / p99 (ms, ${src.requests} requests)`, three(src.sendLate)],
    ['identical requests: client ↔ gateway hop and gateway time, mean / p50 / p99 (ms)', three(src.gatewayHop)],
    ['identical requests: router → answer vs simulated (upstream hop, late timers), mean / p50 / p99 (ms)', three(src.upstream)],
  );
  return { columns: [left('Per request'), right('Value')], rows: rows.map(([a, b]) => [cell(a), cell(b)]) };
}

export function liveVsSimDocument(c: LiveVsSim): ReportDocument {
  const examples: Table = {
    columns: [right('Request'), right('Attempt'), left('Why'), left('Simulated'), left('Live')],
    rows: c.join.examples.map((e) => [cell(String(e.requestId)), cell(String(e.attemptNo)), cell(e.kind), cell(e.sim, { code: true }), cell(e.live, { code: true })]),
  };
  const sections: Section[] = [
    {
      id: 'metrics', heading: 'Metrics',
      blocks: [
        { kind: 'paragraph', text: `${c.targetsMet} of ${c.targetsTotal} agreement targets met. Live values are measured at the client from each request's due time, in scenario ms (real ms × ${c.timeScale}); cost is what the emulated providers billed; the load generator's send lateness p99 was ${c.liveSendLatenessP99RealMs.toFixed(2)} real ms.` },
        { kind: 'table', table: metricsTable(c) },
      ],
    },
    { id: 'requests', heading: 'Request by request', blocks: [{ kind: 'table', table: joinTable(c) }, ...(examples.rows.length > 0 ? [{ kind: 'table' as const, table: examples, caption: 'First divergences' }] : [])] },
  ];
  if (c.incidents.length > 0) sections.push({ id: 'incidents', heading: 'Incidents', blocks: [{ kind: 'table', table: incidentsTable(c) }] });
  return {
    title: `Live vs simulated: ${c.scenario} with ${c.strategy}`,
    lede: `The scenario's providers emulated over HTTP, routesim's gateway in front of them and its traffic replayed at time scale ${c.timeScale}, against the simulation of the same scenario and seed (${c.seed}), ${c.durationS} scenario seconds.`,
    sections,
    footer: 'Generated by routesim live. Differences that remain come from timer lateness, hop latency and event ordering on the wall clock.',
  };
}

export function renderLiveVsSim(c: LiveVsSim): { json: string; markdown: string; html: string } {
  const doc = liveVsSimDocument(c);
  return { json: JSON.stringify(c, null, 2) + '\n', markdown: renderMarkdown(doc), html: renderHtml(doc, [], { vega: '', vegaLite: '' }) };
}
