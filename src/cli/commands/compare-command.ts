import type { Argv } from 'yargs';
import { evaluateClaims } from '../../lab/claims.js';
import { compareStrategiesAsync } from '../../lab/compare.js';
import { LabStoppedError, LabUsageError } from '../../lab/errors.js';
import { defaultCompareOutDir } from '../../lab/out-dir.js';
import { writeResults, type AnySummary } from '../../lab/results-writer.js';
import type { RunControl } from '../../lab/run-steps.js';
import { readScenarioSource } from '../../lab/scenario-source.js';
import { INTERRUPTED_EXIT_CODE, installInterruptHandler } from '../../lab/signals.js';
import { toStableJson } from '../../lab/stable-json.js';
import { resolveStrategyNames } from '../../lab/strategy-list.js';
import { routesimVersion } from '../../lab/version.js';
import { renderReport } from '../../report/render-report.js';
import { checkEventBudget } from '../../sim/estimate-events.js';
import { formatCompareTable } from '../format-compare.js';
import { ProgressBar } from '../progress-bar.js';
import { UsageError } from '../user-error.js';

/** Lab errors that are the user's doing become UsageError (exit 2, no stack trace). */
export function asCliError(e: unknown): unknown {
  return e instanceof LabUsageError ? new UsageError(e.message) : e;
}

/**
 * Runs a lab job with a progress bar and Ctrl-C handling: the first Ctrl-C stops after the
 * current run (nothing written, exit 130), a second one quits at once. Returns undefined when
 * stopped. The event loop gets a turn between runs so the signal can be seen.
 */
export async function runLabJob<T>(label: string, quiet: boolean, job: (control: RunControl, pause: () => Promise<void>) => Promise<T>): Promise<T | undefined> {
  const bar = new ProgressBar(label, quiet);
  const interrupt = installInterruptHandler({
    notify: (message) => {
      bar.done();
      process.stderr.write(`\n${message}\n`);
    },
    quitNow: () => process.exit(INTERRUPTED_EXIT_CODE),
  });
  const pause = () => new Promise<void>((resolve) => setImmediate(resolve));
  try {
    return await job({ onProgress: (f, detail) => bar.update(f, detail), shouldStop: interrupt.shouldStop }, pause);
  } catch (e) {
    if (e instanceof LabStoppedError) {
      bar.done();
      process.stderr.write(`routesim: ${e.message}; earlier results are untouched\n`);
      process.exitCode = INTERRUPTED_EXIT_CODE;
      return undefined;
    }
    throw asCliError(e);
  } finally {
    bar.done();
    interrupt.dispose();
  }
}

/** Writes the results directory (with the report) and says where, unless --json. */
export async function writeAndAnnounce(summary: AnySummary, outDir: string, json: boolean, quiet: boolean): Promise<void> {
  let files: string[];
  try {
    files = await writeResults(summary, outDir, { render: renderReport });
  } catch (e) {
    throw asCliError(e);
  }
  const where = `results: ${outDir}/ (${files.filter((f) => !f.includes('/')).join(', ')}${files.some((f) => f.startsWith('charts/')) ? ', charts/' : ''})`;
  if (json) {
    if (!quiet) process.stderr.write(`${where}\n`);
  } else process.stdout.write(`\n${where}\n`);
}

export function registerCompareCommand(y: Argv): Argv {
  return y.command(
    'compare <scenario>',
    'Compare routing strategies on one scenario: replications, confidence intervals, ranking, report',
    (c) =>
      c
        .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario file (.yaml/.yml/.json)' })
        .option('strategies', { type: 'string', default: 'all', describe: "'all' or a comma-separated list (see `routesim strategies`)" })
        .option('replications', { type: 'number', describe: "replications per strategy (default: the scenario's replications)" })
        .option('seed', { type: 'string', describe: "root seed (default: the scenario's seed)" })
        .option('baseline', { type: 'string', describe: "strategy the others are compared with (default: the scenario's router.strategy if compared, else the first)" })
        .option('out', { type: 'string', describe: 'results directory (default: results/<scenario>-<strategies>, or -compare for all)' })
        .option('max-events', { type: 'number', describe: 'refuse scenarios estimated above this many events per run (default 2e9)' })
        .option('quiet', { type: 'boolean', default: false, describe: 'no progress bar' })
        .option('json', { type: 'boolean', default: false, describe: 'print the summary (summary.json content) instead of the table' })
        .example('$0 compare scenarios/quickstart.yaml --strategies round-robin,p2c-ewma,cost', 'three strategies, the scenario\'s replications')
        .example('$0 compare scenarios/quickstart.yaml --replications 10 --baseline round-robin --out results/qs', 'all strategies against round-robin'),
    async (argv) => {
      const src = readScenarioSource(argv.scenario as string);
      checkEventBudget(src.scenario, argv['max-events'] as number | undefined);
      const strategies = wrap(() => resolveStrategyNames(argv.strategies));
      const quiet = argv.quiet || argv.json;
      let summary = await runLabJob('comparing', quiet, (control, pause) =>
        compareStrategiesAsync(
          src.scenario,
          {
            strategies,
            replications: argv.replications,
            seed: argv.seed,
            baseline: argv.baseline,
            origin: { file: src.file, sha256: src.sha256 },
            routesimVersion: routesimVersion(),
            ...control,
          },
          pause,
        ),
      );
      if (summary === undefined) return;
      const claims = src.scenario.claims;
      if (claims !== undefined) {
        if (!quiet) process.stderr.write(`checking the scenario's claims ('${claims.routedStrategy}' vs '${claims.baselineStrategy}' on ${claims.baselineProviders.join(', ')})…\n`);
        summary = { ...summary, claims: evaluateClaims(src.scenario, claims, summary.replications, summary.seed) };
      }
      const outDir = argv.out ?? defaultCompareOutDir(src.scenario.name, strategies, argv.strategies.trim() === 'all');
      if (argv.json) process.stdout.write(toStableJson(summary, 0));
      else process.stdout.write(`${formatCompareTable(summary)}\n`);
      await writeAndAnnounce(summary, outDir, argv.json, argv.quiet);
    },
  );
}

export function wrap<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw asCliError(e);
  }
}
