import type { Argv } from 'yargs';
import type { CommandSpec } from '../command-list.js';
import { defaultCompareOutDir } from '../../lab/out-dir.js';
import { readScenarioSource } from '../../lab/scenario-source.js';
import { planLabRequest, type LabRequest } from '../../lab/shard-request.js';
import { resolveStrategyNames } from '../../lab/strategy-list.js';
import { routesimVersion } from '../../lab/version.js';
import { checkEventBudget } from '../../sim/estimate-events.js';
import { maxEventsOf, maxEventsOption } from '../max-events-option.js';
import { jobsToRun, labOutDir, printAndWrite, runPlan, runRounds, scaleOptions, withScaleOptions, writeShardAndAnnounce } from '../lab-run.js';
import { applyOnBadRow, onBadRowOption } from '../on-bad-row-option.js';
import { printWarning } from '../print-warning.js';
import { processInterrupt } from '../process-interrupt.js';
import { UsageError } from '../user-error.js';
import { configsLabPlan, planConfigs } from '../../lab/compare-configs.js';
import { fileConfigs, variantsOf } from './compare-configs.js';

interface ConfigsArgv {
  readonly variants?: string;
  readonly 'allow-different-traffic'?: boolean;
  readonly strategies: string;
  readonly replications?: number;
  readonly seed?: string;
  readonly baseline?: string;
  readonly out?: string;
  readonly 'max-events'?: string;
  readonly 'on-bad-row'?: string;
  readonly quiet: boolean;
  readonly json: boolean;
  readonly [key: string]: unknown;
}

/** Several files, or one file's variants: one configuration each, same statistics and report. */
async function compareConfigurations(first: string, others: readonly string[], argv: ConfigsArgv): Promise<void> {
  if (others.length > 0 && argv.variants !== undefined) throw new UsageError('give either several scenario files or --variants, not both');
  if (argv.strategies.trim() !== 'all') throw new UsageError('--strategies does not apply when comparing configurations: each runs its own router.strategy');
  const maxEvents = maxEventsOf(argv['max-events']);
  const read = (file: string) => {
    const r = readScenarioSource(file, printWarning);
    return { ...r, scenario: applyOnBadRow(r.scenario, argv['on-bad-row'] as never) };
  };
  const sources = [first, ...others].map(read);
  const configs = argv.variants !== undefined ? variantsOf(sources[0], argv.variants) : fileConfigs(sources, argv['allow-different-traffic'] === true);
  for (const c of configs) checkEventBudget(c.scenario, maxEvents, sources[0].file);
  const scale = scaleOptions(argv as never);
  if (scale.shard !== undefined) throw new UsageError('--shard is not available when comparing configurations yet: run it on one machine');
  const plan = configsLabPlan(planConfigs(configs, {
    replications: argv.replications,
    seed: argv.seed,
    baseline: argv.baseline,
    origin: { file: sources[0].file, sha256: sources[0].sha256 },
    routesimVersion: routesimVersion(),
  }));
  const outDir = labOutDir(argv.out, defaultCompareOutDir(sources[0].scenario.name, configs.map((c) => c.label), false));
  const quiet = argv.quiet || argv.json;
  const results = await runPlan('comparing', quiet, plan, plan.jobs, scale);
  if (results === undefined) return;
  await printAndWrite(plan.aggregate(results), outDir, argv.json, argv.quiet);
}

export function registerCompareCommand(y: Argv, spec: CommandSpec): Argv {
  return y.command(
    spec.usage,
    spec.describe,
    (c) =>
      withScaleOptions(c)
        .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario file (.yaml/.yml/.json)' })
        .positional('others', { type: 'string', array: true, describe: 'more scenario files: compare the configurations (each runs its own router.strategy) on the same traffic' })
        .option('variants', { type: 'string', describe: "compare the scenario's variants: 'all' or a comma-separated list of names (with the scenario as written, 'base')" })
        .option('allow-different-traffic', { type: 'boolean', default: false, describe: 'compare files whose traffic sections differ (no longer on common random numbers)' })
        .option('strategies', { type: 'string', default: 'all', describe: "'all' or a comma-separated list (see `routesim strategies`)" })
        .option('replications', { type: 'number', describe: "replications per strategy (default: the scenario's replications); with --min-replications below it, the cap" })
        .option('min-replications', { type: 'number', default: 2, describe: 'every strategy gets this many replications, then stops once its order against every other strategy is settled (95% paired intervals, or a tie within 0.05 pp uptime, 1% cost, 2% p99); equal to --replications: all of them (with --shard always all)' })
        .option('seed', { type: 'string', describe: "root seed (default: the scenario's seed)" })
        .option('baseline', { type: 'string', describe: "strategy the others are compared with (default: the scenario's router.strategy if compared, else the first)" })
        .option('out', { type: 'string', describe: 'results directory (default: results/<scenario>-<strategies>, or -compare for all; with --shard: <that>.shard-i-of-N)' })
        .option('max-events', maxEventsOption)
        .option('quiet', { type: 'boolean', default: false, describe: 'no progress bar' })
        .option('json', { type: 'boolean', default: false, describe: 'print the summary (summary.json content) instead of the table' })
        .option('on-bad-row', onBadRowOption)
        .example('$0 compare scenarios/quickstart.yaml --strategies round-robin,p2c-ewma,cost', 'three strategies, the scenario\'s replications')
        .example('$0 compare scenarios/default.yaml --shard 2/4 --out partials/2', 'one machine of four; then: routesim merge partials/*')
        .example('$0 compare scenarios/quickstart.yaml --replications 10 --baseline round-robin --out results/qs', 'all strategies against round-robin')
        .example('$0 compare ours.yaml proposed.yaml', 'our configuration against a proposed one, paired on the same traffic')
        .example('$0 compare scenarios/quickstart.yaml --variants all', "the scenario's named variants against it"),
    async (argv) => {
      processInterrupt();
      const others = (argv.others as string[] | undefined) ?? [];
      if (others.length > 0 || argv.variants !== undefined) {
        await compareConfigurations(argv.scenario as string, others, argv);
        return;
      }
      const maxEvents = maxEventsOf(argv['max-events']);
      const read = readScenarioSource(argv.scenario as string, printWarning);
      const src = { ...read, scenario: applyOnBadRow(read.scenario, argv['on-bad-row']) };
      checkEventBudget(src.scenario, maxEvents, argv.scenario as string);
      const strategies = resolveStrategyNames(argv.strategies);
      const scale = scaleOptions(argv);
      const quiet = argv.quiet || argv.json;
      const minReplications = scale.shard === undefined ? argv['min-replications'] : undefined;
      const request: LabRequest = { kind: 'compare', strategies, replications: argv.replications, ...(minReplications === undefined ? {} : { minReplications }), seed: argv.seed, baseline: argv.baseline };
      const plan = planLabRequest(request, src, routesimVersion());
      const defaultOutDir = defaultCompareOutDir(src.scenario.name, strategies, argv.strategies.trim() === 'all');
      const outDir = labOutDir(argv.out, defaultOutDir, scale.shard);
      const claims = src.scenario.claims;
      const jobs = jobsToRun(plan, scale);
      const header =
        claims !== undefined && !quiet && jobs.some((j) => j.job.kind === 'claims')
          ? `checking the scenario's claims ('${claims.routedStrategy}' vs '${claims.baselineStrategy}' on ${claims.baselineProviders.join(', ')}) along the way…\n`
          : undefined;
      if (plan.rounds !== undefined && scale.shard === undefined) {
        const summary = await runRounds('comparing', quiet, plan, scale, header);
        if (summary !== undefined) await printAndWrite(summary, outDir, argv.json, argv.quiet);
        return;
      }
      const results = await runPlan('comparing', quiet, plan, jobs, scale, header);
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

