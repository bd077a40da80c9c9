import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { appendAll } from '../../core/bulk-array.js';
import type { CommandSpec } from '../command-list.js';
import { loadScenarioFile } from '../../config/load-scenario.js';
import { runScenario } from '../../sim/run-scenario.js';
import { formatRunSummary } from '../format-run.js';
import { ProgressBar } from '../progress-bar.js';
import { TextExplainSink } from '../text-explain-sink.js';
import { checkEventBudget } from '../../sim/estimate-events.js';
import { maxEventsOf, maxEventsOption } from '../max-events-option.js';
import { applyOnBadRow, onBadRowOption } from '../on-bad-row-option.js';
import { printWarning } from '../print-warning.js';
import { printErr, printOut } from '../terminal-output.js';
import { UsageError } from '../user-error.js';
import { JsonlExplainSink } from '../jsonl-explain-sink.js';
import type { ExplainSelection } from '../text-explain-sink.js';
import { writeFileAtomic } from '../../core/atomic-file.js';

/** `--explain N` or `--explain-request 3,17`: undefined when nothing is to be explained. */
function explainSelection(firstN: number, ids: string | undefined): ExplainSelection | undefined {
  if (ids === undefined) return firstN > 0 ? firstN : undefined;
  if (firstN > 0) throw new UsageError('give either --explain N or --explain-request ID[,ID…], not both');
  const parts = ids.split(',').map((p) => p.trim());
  const bad = parts.find((p) => !/^\d+$/.test(p));
  if (bad !== undefined) throw new UsageError(`--explain-request: '${bad}' is not a request id (expected whole numbers ≥ 0, comma-separated, e.g. 17,2048)`);
  return new Set(parts.map(Number));
}

export function registerRunCommand(y: Argv, spec: CommandSpec): Argv {
  return y.command(
    spec.usage,
    spec.describe,
    (c) =>
      c
        .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario file (.yaml/.yml/.json)' })
        .option('strategy', { type: 'string', describe: 'strategy to run (default: the scenario\'s router.strategy); see `routesim strategies`' })
        .option('seed', { type: 'string', describe: 'root seed (default: the scenario\'s seed)' })
        .option('json', { type: 'boolean', default: false, describe: 'print one JSON object (fields in README) instead of text' })
        .option('explain', { type: 'number', default: 0, describe: 'print the routing decisions of the first N requests' })
        .option('explain-request', { type: 'string', describe: 'explain these requests, any of them (comma-separated ids, e.g. 17,2048)' })
        .option('explain-out', { type: 'string', describe: 'write the explained requests to FILE as JSON lines, in request order (instead of text on stderr)' })
        .option('max-events', maxEventsOption)
        .option('quiet', { type: 'boolean', default: false, describe: 'no progress bar' })
        .option('on-bad-row', onBadRowOption)
        .example('$0 run scenarios/quickstart.yaml', 'run with the scenario\'s strategy')
        .example('$0 run scenarios/provider-outage.yaml --strategy p2c-ewma --explain 5', 'show why the first 5 requests went where they went')
        .example('$0 run scenarios/quickstart.yaml --explain-request 4800,4801 --explain-out why.jsonl', 'two requests in the middle of the outage, as JSON lines'),
    (argv) => {
      const maxEvents = maxEventsOf(argv['max-events']);
      const scenario = applyOnBadRow(loadScenarioFile(argv.scenario as string, { onWarning: printWarning }), argv['on-bad-row']);
      checkEventBudget(scenario, maxEvents, argv.scenario as string);
      const selection = explainSelection(argv.explain, argv['explain-request']);
      const out = argv['explain-out'];
      if (out !== undefined && selection === undefined) throw new UsageError('--explain-out needs --explain N or --explain-request ID[,ID…] to say which requests');
      const text = selection !== undefined && out === undefined ? new TextExplainSink(selection, (line) => printErr(line + '\n')) : undefined;
      const jsonl = selection !== undefined && out !== undefined ? new JsonlExplainSink(selection) : undefined;
      const explain = text ?? jsonl;
      // Before simulating: a run must not be lost to an output folder that is not there.
      if (out !== undefined && !existsSync(dirname(resolve(out)))) throw new UsageError(`--explain-out ${out}: the folder ${dirname(out)} does not exist`);
      const bar = new ProgressBar('simulating', argv.quiet || argv.json);
      const summary = runScenario(scenario, {
        strategy: argv.strategy,
        seed: argv.seed,
        explain,
        onProgress: (f) => bar.update(f),
      });
      bar.done();
      const missing = text?.close() ?? [];
      if (jsonl !== undefined && out !== undefined) {
        const written = jsonl.text();
        try {
          writeFileAtomic(out, written.jsonl);
        } catch (e) {
          throw new UsageError(`--explain-out ${out}: cannot write the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
        }
        appendAll(missing, written.missing);
      }
      if (missing.length > 0) printWarning(`routesim: warning: --explain-request: no request ${missing.join(', ')} finished in this run (ids run from 0 to ${summary.requests.total + summary.requests.inFlightAtHorizon - 1} here, warm-up included)`);
      if (argv.json) {
        const { timeseries, healthTimeline, ...rest } = summary;
        printOut(JSON.stringify({ ...rest, timeseries, healthTimeline }) + '\n');
      } else printOut(formatRunSummary(summary) + '\n');
    },
  );
}
