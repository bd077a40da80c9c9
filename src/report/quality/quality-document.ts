/**
 * The report of `routesim quality`: one section ("Quality-aware routing") with the data, the
 * RouteLLM metrics of every router (APGR, CPT(50%), CPT(80%)), the cost–quality chart and the
 * threshold table, rendered to report.md / report.html by the shared renderers.
 */
import type { MetricCi } from '../../lab/compare-summary.js';
import type { QualitySweepSummary } from '../../lab/quality/quality-summary.js';
import type { Chart } from '../charts/chart.js';
import { ORACLE_LABEL, RANDOM_LABEL, noiseLabel } from '../charts/cost-quality.js';
import { formatPercent, formatUsd, isFiniteNumber, MISSING, replicationsText } from '../format.js';
import type { Block, ReportDocument, Section } from '../report-document.js';
import { cell, nameColumn, right, type Cell, type Table } from '../tables/table.js';

const p = (text: string): Block => ({ kind: 'paragraph', text });

function number(x: unknown, decimals = 3): string {
  return isFiniteNumber(x) ? x.toFixed(decimals) : MISSING;
}

function half(ci: MetricCi): number | undefined {
  return ci.n >= 2 && isFiniteNumber(ci.hi) && isFiniteNumber(ci.lo) && ci.hi > ci.lo ? (ci.hi - ci.lo) / 2 : undefined;
}

function ciNumber(ci: MetricCi): Cell {
  const h = half(ci);
  return h === undefined ? cell(number(ci.mean)) : cell(number(ci.mean), { note: `± ${number(h)}` });
}

function ciPercent(ci: MetricCi, reps: number): Cell {
  if (ci.n === 0) return cell('not reached', { tone: 'muted' });
  const h = half(ci);
  const partial = ci.n < reps ? ` (${ci.n}/${reps} reps)` : '';
  return cell(`${formatPercent(ci.mean, 1)}${partial}`, h === undefined ? {} : { note: `± ${formatPercent(h, 1)}` });
}

function metricsTable(s: QualitySweepSummary): Table {
  const { random, oracle } = s.references;
  return {
    columns: [nameColumn('router'), right('APGR'), right('CPT(50%)'), right('CPT(80%)')],
    rows: [
      ...s.curves.map((c) => [cell(noiseLabel(c.noise, c.predictorAuc)), ciNumber(c.apgr), ciPercent(c.cpt50, s.replications), ciPercent(c.cpt80, s.replications)]),
      [cell(RANDOM_LABEL), cell(number(random.apgr)), cell(formatPercent(random.cpt50, 1)), cell(formatPercent(random.cpt80, 1))],
      [cell(ORACLE_LABEL), cell(number(oracle.apgr)), cell(formatPercent(oracle.cpt50, 1)), cell(formatPercent(oracle.cpt80, 1))],
    ],
  };
}

function pointsTable(s: QualitySweepSummary): Table {
  return {
    columns: [right('σ'), right('threshold'), right('strong calls'), right('quality'), right('PGR'), right('cost per 1k successful'), right('success rate')],
    rows: s.curves.flatMap((c) =>
      c.points.map((pt) => [
        cell(String(c.noise)),
        cell(String(pt.threshold)),
        cell(formatPercent(pt.strongCallRate.mean, 1)),
        cell(formatPercent(pt.score.mean, 2)),
        cell(number(pt.pgr.mean)),
        cell(formatUsd(pt.costPer1kSuccessfulUsd.mean)),
        cell(formatPercent(pt.successRate.mean, 2)),
      ])),
  };
}

function dataText(s: QualitySweepSummary): string {
  const d = s.data;
  const scoreName = d.graded ? 'mean judge score / 10' : 'accuracy';
  return `Ground truth: RouteLLM evaluation data (github.com/lm-sys/RouteLLM, routellm/evals, Apache-2.0), benchmark ${d.benchmark}, `
    + `${d.prompts.toLocaleString('en-US')} prompts from ${d.path} (${d.contaminatedExcluded} contaminated prompts dropped, as RouteLLM's evaluation does). `
    + `In the data, the strong model's ${scoreName} is ${formatPercent(d.strongScore)} and the weak model's ${formatPercent(d.weakScore)}; `
    + `the strong model does strictly better on ${formatPercent(d.strongWinRate, 1)} of prompts and strictly worse on ${formatPercent(d.weakWinRate, 1)}. `
    + `Strong deployments (tier high): ${s.strongDeployments.join(', ')}; weak: ${s.weakDeployments.join(', ')}.`;
}

function sampleText(s: QualitySweepSummary): string {
  const m = s.simulated;
  return `The simulated requests draw prompts uniformly with replacement; on them (mean over ${replicationsText(s.replications)}) always-strong scores `
    + `${formatPercent(m.strongOnlyScore.mean)}, always-weak ${formatPercent(m.weakOnlyScore.mean)} and the oracle ${formatPercent(m.oracleScore.mean)}. `
    + 'PGR of a run is measured against its own always-weak / always-strong scores, so sampling noise cancels.';
}

const HOW_TO_READ = 'How to read: PGR = (quality − weak) / (strong − weak), the share of the strong model\'s quality advantage recovered; '
  + 'APGR is the average PGR over strong-call rates from 0 to 100% (RouteLLM\'s trapezoid rule, each simulated curve closed by the always-weak and always-strong routers); '
  + 'CPT(x%) is the smallest share of strong calls that reaches a PGR of x%. The random router scores APGR 0.5 and CPT(x%) = x by construction; '
  + 'the oracle calls the strong model only where it beats the weak one, so its PGR can exceed 1. '
  + 'σ is the noise of the simulated predictor (ROC AUC Φ(√2/σ)): the same noise draw per request at every threshold (common random numbers).';

export function qualitySection(s: QualitySweepSummary, chart: Chart): Section {
  return {
    id: 'quality',
    heading: 'Quality-aware routing',
    blocks: [
      p(dataText(s)),
      { kind: 'table', table: metricsTable(s), caption: `RouteLLM metrics per router (simulated: mean ± 95% CI over ${replicationsText(s.replications)}).` },
      p(HOW_TO_READ),
      { kind: 'chart', chart },
      p(sampleText(s)),
      { kind: 'table', table: pointsTable(s), caption: 'Every threshold (means over replications).' },
    ],
  };
}

export function qualityDocument(s: QualitySweepSummary, chart: Chart): ReportDocument {
  return {
    title: `Quality-aware routing: ${s.scenario.name}`,
    lede: `${s.scenario.description} Threshold sweep of the quality-threshold strategy, seed ${s.seed}.`.trim(),
    sections: [qualitySection(s, chart)],
    footer: `Generated by routesim ${s.routesimVersion} (quality summary schema v${s.schemaVersion}). Re-running the same scenario file with the same seed reproduces every number.`,
  };
}
