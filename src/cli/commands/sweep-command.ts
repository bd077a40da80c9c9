import type { Argv } from 'yargs';
import type { CommandSpec } from '../command-list.js';
import { defaultSweepOutDir } from '../../lab/out-dir.js';
import { readScenarioSource } from '../../lab/scenario-source.js';
import { printWarning } from '../print-warning.js';
import { processInterrupt } from '../process-interrupt.js';
import { resolveStrategyNames } from '../../lab/strategy-list.js';
import { planLabRequest, type LabRequest } from '../../lab/shard-request.js';
import { parseSetArgs } from '../../lab/sweep-settings.js';
import { routesimVersion } from '../../lab/version.js';
import { checkEventBudget } from '../../sim/estimate-events.js';
import { maxEventsOf, maxEventsOption } from '../max-events-option.js';
import { jobsToRun, labOutDir, printAndWrite, runPlan, scaleOptions, withScaleOptions, writeShardAndAnnounce } from '../lab-run.js';

export function registerSweepCommand(y: Argv, spec: CommandSpec): Argv {
  return y.command(
    spec.usage,
    spec.describe,
    (c) =>
      withScaleOptions(c)
        .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario file (.yaml/.yml/.json)' })
        .option('set', {
          type: 'string',
          array: true,
          demandOption: 'give at least one --set path=v1,v2,...',
          describe: 'a grid axis: a scenario path and its values, e.g. traffic.arrivals.ratePerS=4,8,16 (repeatable; values are numbers, true/false or text)',
        })
        .option('strategies', { type: 'string', describe: "'all' or a comma-separated list (default: the scenario's router.strategy)" })
        .option('replications', { type: 'number', describe: "replications per point and strategy (default: the scenario's replications)" })
        .option('seed', { type: 'string', describe: "root seed (default: the scenario's seed)" })
        .option('out', { type: 'string', describe: 'results directory (default: results/<scenario>-sweep-<paths>; with --shard: <that>.shard-i-of-N)' })
        .option('max-events', maxEventsOption)
        .option('quiet', { type: 'boolean', default: false, describe: 'no progress bar' })
        .option('json', { type: 'boolean', default: false, describe: 'print the summary (summary.json content) instead of the table' })
        .example('$0 sweep scenarios/quickstart.yaml --set traffic.arrivals.ratePerS=4,8,16 --strategies round-robin,p2c-ewma', 'load sweep for two strategies')
        .example('$0 sweep scenarios/quickstart.yaml --set router.circuitBreaker.openMs=5000,30000 --set providers.alpha.capacity.maxConcurrent=32,64', 'a 2 × 2 grid'),
    async (argv) => {
      processInterrupt();
      const maxEvents = maxEventsOf(argv['max-events']);
      const src = readScenarioSource(argv.scenario as string, printWarning);
      const axes = parseSetArgs(argv.set as string[]);
      const strategies = argv.strategies === undefined ? undefined : resolveStrategyNames(argv.strategies as string);
      const scale = scaleOptions(argv);
      const request: LabRequest = { kind: 'sweep', axes, strategies, replications: argv.replications, seed: argv.seed };
      const plan = planLabRequest(request, src, routesimVersion());
      // The grid points are the plan's scenarios (built and validated by the scenario loader).
      for (const scenario of plan.context.scenarios) checkEventBudget(scenario, maxEvents, argv.scenario as string);
      const quiet = argv.quiet || argv.json;
      const defaultOutDir = defaultSweepOutDir(src.scenario.name, axes);
      const outDir = labOutDir(argv.out, defaultOutDir, scale.shard);
      const nPoints = plan.context.scenarios.length;
      const perPoint = strategies?.length ?? 1;
      const jobs = jobsToRun(plan, scale);
      const mine = scale.shard === undefined ? '' : `; shard ${scale.shard.index}/${scale.shard.count} runs ${jobs.length} of them`;
      const header = quiet
        ? undefined
        : `sweep: ${nPoints} grid points × ${perPoint} strateg${perPoint === 1 ? 'y' : 'ies'} × ${plan.context.replications} replications = ${plan.jobs.length} runs${mine}\n`;
      const results = await runPlan('sweeping', quiet, plan, jobs, scale, header);
      if (results === undefined) return;
      if (scale.shard !== undefined) {
        await writeShardAndAnnounce({ request, source: src, plan, shard: scale.shard, results, defaultOutDir, out: outDir }, argv.json, argv.quiet);
        return;
      }
      const summary = plan.aggregate(results);
      await printAndWrite(summary, outDir, argv.json, argv.quiet);
    },
  );
}
