import type { Argv } from 'yargs';
import type { CommandSpec } from '../command-list.js';
import { checkOutputDir, writeDirectoryAtomically, type ReplaceableDir } from '../../lab/atomic-dir.js';
import { MIN_FIT_SAMPLES, type FitOptions, type SampleFit } from '../../calibrate/fit-candidates.js';
import { fitLatencyGroups, readLatencyInputs } from '../../calibrate/fit-latency.js';
import { OUTAGE_FAMILIES, fitOutageGroups } from '../../calibrate/fit-outages.js';
import type { FamilyName } from '../../calibrate/fitted-distribution.js';
import { latencyYamlBlock } from '../../calibrate/format/latency-yaml.js';
import { outageYamlBlock, type OutageKind } from '../../calibrate/format/outage-yaml.js';
import { readIncidentCsv, type IncidentRecord } from '../../calibrate/input/incident-reader.js';
import type { LatencyFormat } from '../../calibrate/input/latency-observation.js';
import { qqChartSorted } from '../../calibrate/qq-chart.js';
import type { Chart } from '../../report/charts/chart.js';
import { fitToJson, formatLatencyFitTable, formatOutageFitTable } from '../format-fit.js';
import { UsageError } from '../user-error.js';
import { printErr, printOut } from '../terminal-output.js';
import { appendAll } from '../../core/bulk-array.js';

const FAMILIES: readonly FamilyName[] = ['lognormal', 'gamma', 'weibull', 'exponential'];

function parseFamilies(text: string | undefined, fallback: readonly FamilyName[]): readonly FamilyName[] {
  if (text === undefined) return fallback;
  const list = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  for (const f of list) if (!(FAMILIES as readonly string[]).includes(f)) throw new UsageError(`--families: unknown family '${f}' (known: ${FAMILIES.join(', ')})`);
  if (list.length === 0) throw new UsageError('--families: give at least one family');
  return list as FamilyName[];
}

function checkPoints(n: number): number {
  if (!(Number.isInteger(n) && n >= 2)) throw new UsageError(`--empirical-points must be an integer >= 2, got ${n}`);
  return n;
}

function checkP(p: number): number {
  if (!(p >= 0 && p <= 1)) throw new UsageError(`--reject-below-p must be in [0, 1], got ${p}`);
  return p;
}

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'all';

/** The options `fit latency` and `fit outages` share, after their own. */
function withFitOptions<T>(y: Argv<T>) {
  return y
    .option('reject-below-p', { type: 'number', default: 0.01, describe: 'recommend the empirical distribution when the best family\'s KS p-value is below this' })
    .option('empirical-points', { type: 'number', default: 200, describe: 'an empirical distribution keeps at most this many evenly spaced quantiles of the sample' })
    .option('out', { type: 'string', describe: 'directory for fit.json and Q–Q charts (charts/*.vl.json + .svg)' })
    .option('json', { type: 'boolean', default: false, describe: 'print the fits as JSON instead of the table and YAML' });
}

function fitOptions(argv: { 'reject-below-p': number; 'empirical-points': number }, families: readonly FamilyName[]): FitOptions {
  return { families, rejectBelowP: checkP(argv['reject-below-p']), empiricalPoints: checkPoints(argv['empirical-points']) };
}

/** One fitted metric of one group: a Q–Q chart when a family could be fitted. */
type FittedMetric = readonly [group: string, metric: string, unit: string, fit: SampleFit | undefined];

function qqCharts(metrics: readonly FittedMetric[]): Chart[] {
  return metrics.flatMap(([group, metric, unit, fit]) =>
    fit === undefined || fit.best === undefined ? [] : [qqChartSorted(`qq-${slug(group)}-${slug(metric)}`, `${group}: ${metric}`, unit, fit, fit.sorted)]);
}

/** A `fit --out` directory: replaced only by another fit's output. */
const FIT_DIR: ReplaceableDir = { kind: 'fit' };

/** Checks `--out` before reading and fitting anything (see checkOutputDir). */
function checkFitOut(argv: { out?: string }): void {
  if (argv.out !== undefined) checkOutputDir(argv.out, FIT_DIR);
}

/** Writes the fit summary and the Q–Q charts (Vega-Lite spec + SVG) under `dir`; returns the file names. */
async function writeCharts(dir: string, charts: readonly Chart[], summary: unknown): Promise<string[]> {
  // Imported here: the renderer loads vega (~120 ms), which the table-only path never needs.
  const { chartFiles } = await import('../../report/render-report.js');
  const used = new Set<string>();
  const named = charts.map((chart) => {
    let name = chart.name;
    for (let i = 2; used.has(name); i++) name = `${chart.name}-${i}`;
    used.add(name);
    return { ...chart, name };
  });
  const files = [{ path: 'fit.json', content: JSON.stringify(summary, null, 2) + '\n' }, ...(await chartFiles(named))];
  writeDirectoryAtomically(dir, (write) => files.forEach((f) => write(f.path, f.content)), FIT_DIR);
  return files.map((f) => f.path);
}

/** The fits: JSON, or the table and the YAML blocks to paste; with --out also fit.json and Q–Q charts. */
async function emitFits(argv: { json: boolean; out?: string }, fits: { summary: unknown; table: () => string; blocks: () => readonly string[]; metrics: readonly FittedMetric[] }): Promise<void> {
  if (argv.json) printOut(JSON.stringify(fits.summary, null, 2) + '\n');
  else {
    printOut(fits.table() + '\n\n');
    printOut('p-values are optimistic: the parameters were estimated from the same data (Lilliefors).\n\n');
    printOut(fits.blocks().join('\n\n') + '\n');
  }
  if (argv.out !== undefined) {
    const charts = qqCharts(fits.metrics);
    const files = await writeCharts(argv.out, charts, fits.summary);
    printErr(`wrote ${argv.out}/ (${files.length} files: fit.json, ${charts.length} Q–Q charts)\n`);
  }
}

function registerLatency(y: Argv): Argv {
  return y.command(
    'latency <files..>',
    'Fit TTFT and time-per-output-token distributions (lognormal, gamma, weibull by maximum likelihood; KS test) and print a provider latency: block',
    (c) =>
      withFitOptions(
        c
          .positional('files', { type: 'string', array: true, demandOption: true, describe: 'llmperf per-request JSON files (individual/*.json) or CSV files' })
          .option('format', { choices: ['llmperf', 'csv'] as const, describe: 'input format (default: .json → llmperf, otherwise csv)' })
          .option('ttft-column', { type: 'string', describe: 'column (CSV) or field (llmperf, default ttft_s) holding the time to first token' })
          .option('per-token-column', { type: 'string', describe: 'column/field holding the time per output token (llmperf default: (e2e − ttft) / output tokens)' })
          .option('tokens-per-s-column', { type: 'string', describe: 'CSV column holding output tokens per second (per-token ms = 1000 / value)' })
          .option('unit', { choices: ['s', 'ms'] as const, describe: 'unit of the time columns (default: from a _s/_ms suffix, else seconds)' })
          .option('group-by', { type: 'string', describe: 'llmperf: file (default), provider, model or none; CSV: a column name (default none)' })
          .option('families', { type: 'string', describe: 'comma-separated candidate families (default lognormal,gamma,weibull; also exponential)' }),
      )
        .example('$0 fit latency ../shared/data/llmperf-leaderboard/individual/*_70b.json', 'one latency block per provider file')
        .example('$0 fit latency output.csv --group-by "Model Name" --tokens-per-s-column "Response Tok/s" --out fits/', 'a CSV with named columns, with Q–Q charts'),
    async (argv) => {
      checkFitOut(argv);
      const families = parseFamilies(argv.families, ['lognormal', 'gamma', 'weibull']);
      const inputs = readLatencyInputs(argv.files as string[], {
        format: argv.format as LatencyFormat | undefined,
        ttftColumn: argv['ttft-column'],
        perTokenColumn: argv['per-token-column'],
        tokensPerSColumn: argv['tokens-per-s-column'],
        unit: argv.unit as 's' | 'ms' | undefined,
        groupBy: argv['group-by'],
      });
      const groups = fitLatencyGroups(inputs.observations, fitOptions(argv, families));
      if (groups.every((g) => !g.ttftMs && !g.msPerOutputToken)) throw new UsageError(`no group has enough successful requests with latency values to fit (need at least ${MIN_FIT_SAMPLES})`);
      for (const note of inputs.notes) printErr(`${note}\n`);
      await emitFits(argv, {
        summary: groups.map((g) => ({ group: g.group, requests: g.requests, succeeded: g.succeeded, errors: g.errors, unusable: g.unusable, ttftMs: fitToJson(g.ttftMs), msPerOutputToken: fitToJson(g.msPerOutputToken) })),
        table: () => formatLatencyFitTable(groups),
        blocks: () => groups.map((g) => latencyYamlBlock(g)),
        metrics: groups.flatMap((g) => [[g.group, 'ttftMs', 'ms', g.ttftMs], [g.group, 'msPerOutputToken', 'ms', g.msPerOutputToken]] as const),
      });
    },
  );
}

function registerOutages(y: Argv): Argv {
  return y.command(
    'outages <files..>',
    'Fit time-between-failures and time-to-repair distributions (exponential, lognormal, weibull; KS test) from status-page incident lists and print an incidents: block',
    (c) =>
      withFitOptions(
        c
          .positional('files', { type: 'string', array: true, demandOption: true, describe: 'incident CSVs (cloud-uptime-archive format: start_time,end_time,status,service)' })
          .option('group-by', { choices: ['service', 'file', 'none'] as const, default: 'service' as const, describe: 'fit one process per service column value, per file, or all together' })
          .option('time-unit', { choices: ['s', 'ms'] as const, default: 's' as const, describe: 'unit of numeric timestamps (ISO-8601 timestamps are read as such)' })
          .option('min-severity', { type: 'number', describe: 'leave out incidents whose severity (status column, 0–1) is below this' })
          .option('kind', { choices: ['down', 'errors', 'brownout', 'gray'] as const, default: 'down' as const, describe: 'incident kind in the printed block' })
          .option('families', { type: 'string', describe: `comma-separated candidate families (default ${OUTAGE_FAMILIES.join(',')})` }),
      )
        .example('$0 fit outages ../shared/data/cloud-uptime-archive/github-status_global-status_operator_reported.csv', "GitHub's MTBF / MTTR as a stochastic incident")
        .example('$0 fit outages ../shared/data/cloud-uptime-archive/*.csv --min-severity 0.5 --out fits/outages', 'only major incidents, every service, with Q–Q charts'),
    async (argv) => {
      checkFitOut(argv);
      const families = parseFamilies(argv.families, OUTAGE_FAMILIES);
      const records: IncidentRecord[] = [];
      let skipped = 0;
      for (const file of argv.files as string[]) {
        const r = readIncidentCsv(file, { groupBy: argv['group-by'], timeUnit: argv['time-unit'], minSeverity: argv['min-severity'] });
        appendAll(records, r.incidents);
        skipped += r.skipped;
      }
      if (skipped > 0) printErr(`left out ${skipped} incidents below severity ${argv['min-severity']}\n`);
      if (records.length === 0) throw new UsageError('no incidents to fit');
      const groups = fitOutageGroups(records, fitOptions(argv, families));
      await emitFits(argv, {
        summary: groups.map((g) => ({ group: g.group, incidents: g.incidents, merged: g.merged, observedS: g.observedS, availability: g.availability, meanSeverity: g.meanSeverity, timeBetweenS: fitToJson(g.timeBetweenS), durationS: fitToJson(g.durationS) })),
        table: () => formatOutageFitTable(groups),
        blocks: () => groups.map((g) => outageYamlBlock(g, argv.kind as OutageKind)),
        metrics: groups.flatMap((g) => [[g.group, 'timeBetweenS', 's', g.timeBetweenS], [g.group, 'durationS', 's', g.durationS]] as const),
      });
    },
  );
}

export function registerFitCommand(y: Argv, spec: CommandSpec): Argv {
  return y.command(
    spec.usage,
    spec.describe,
    (c) =>
      registerOutages(registerLatency(c))
        .demandCommand(1, "Say what to fit: 'latency' or 'outages'.")
        .example('$0 fit latency ../shared/data/llmperf-leaderboard/individual/groq_70b.json', 'fit one provider\'s latency')
        .example('$0 fit outages incidents.csv', 'fit an outage process'),
    () => {},
  );
}
