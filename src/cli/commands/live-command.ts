import type { Argv } from 'yargs';
import type { CommandSpec } from '../command-list.js';
import { loadScenarioFile } from '../../config/load-scenario.js';
import type { Scenario } from '../../config/scenario-schema.js';
import { checkOutputDir, writeDirectoryAtomically } from '../../lab/atomic-dir.js';
import { meanCi } from '../../lab/statistics.js';
import { joinAttempts } from '../../live/compare/attempt-join.js';
import { divergenceSources } from '../../live/compare/divergence-sources.js';
import { runLive } from '../../live/compare/live-run.js';
import { liveTraces, SimTraceCollector } from '../../live/compare/live-traces.js';
import { compareLiveToSim } from '../../live/compare/live-vs-sim.js';
import { renderLiveVsSim } from '../../live/compare/live-vs-sim-document.js';
import type { RunSummary } from '../../metrics/run-summary.js';
import { getStrategy } from '../../routing/strategies/registry.js';
import { runScenario } from '../../sim/run-scenario.js';
import { checkTimeScale } from '../live-options.js';
import { printWarning } from '../print-warning.js';
import { printOut } from '../terminal-output.js';
import { UsageError } from '../user-error.js';

const LIVE_DIR = { kind: 'live-vs-sim' };

/** The CI half-widths of the metrics the comparison reports, over `replications` simulated runs (common seeds). */
function simCis(scenario: Scenario, strategy: string, seed: string, replications: number): Record<string, number> {
  if (replications < 2) return {};
  const runs: RunSummary[] = [];
  for (let i = 0; i < replications; i++) runs.push(runScenario(scenario, { strategy, seed, replication: i }));
  const half = (f: (s: RunSummary) => number) => {
    const ci = meanCi(runs.map(f));
    return (ci.hi - ci.lo) / 2;
  };
  const out: Record<string, number> = { successRate: half((s) => s.successRate), uptime: half((s) => s.uptime), cost: half((s) => s.costUsd.total) };
  for (const name of ['latency', 'ttft'] as const) {
    for (const q of ['mean', 'p50', 'p90', 'p99'] as const) out[`${name}.${q}`] = half((s) => (name === 'latency' ? s.latencyMs : s.ttftMs)[q]);
  }
  return out;
}

export function registerLiveCommand(y: Argv, spec: CommandSpec): Argv {
  return y.command(
    spec.usage,
    spec.describe,
    (c) =>
      c
        .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario file' })
        .option('time-scale', { type: 'number', default: 10, describe: 'k: the live run lasts durationS / k real seconds' })
        .option('strategy', { type: 'string', describe: 'routing strategy (default: router.strategy)' })
        .option('seed', { type: 'string', describe: "root seed (default: the scenario's)" })
        .option('duration', { type: 'number', describe: 'run only the first S scenario seconds (both live and simulated)' })
        .option('stream-fraction', { type: 'number', describe: 'override traffic.streamFraction (1: every request streams, so TTFT is observable live) for both runs' })
        .option('replications', { type: 'number', default: 5, describe: "simulated replications for the sim values' 95% CIs (the compared value is the same-seed run)" })
        .option('out', { type: 'string', describe: 'write live-vs-sim.json, .md and .html into this directory' })
        .option('json', { type: 'boolean', default: false, describe: 'print the comparison as JSON instead of Markdown' })
        .example('$0 live scenarios/quickstart.yaml --time-scale 10 --duration 300 --out results/live', 'five scenario minutes live in 30 s, then the same simulated'),
    async (argv) => {
      const loaded = loadScenarioFile(argv.scenario as string, { onWarning: printWarning });
      const timeScale = checkTimeScale(argv['time-scale'] as number);
      const strategy = (argv.strategy as string | undefined) ?? loaded.router.strategy;
      if (getStrategy(strategy).bound === true) throw new UsageError(`--strategy ${strategy}: reads the simulator's ground truth and cannot run live`);
      const durationS = argv.duration as number | undefined;
      if (durationS !== undefined && !(durationS > 0 && Number.isFinite(durationS))) throw new UsageError(`--duration must be > 0 seconds, got ${durationS}`);
      const replications = argv.replications as number;
      if (!Number.isInteger(replications) || replications < 1) throw new UsageError(`--replications must be a whole number >= 1, got ${replications}`);
      const out = argv.out as string | undefined;
      if (out !== undefined) checkOutputDir(out, LIVE_DIR);
      const streamFraction = argv['stream-fraction'] as number | undefined;
      if (streamFraction !== undefined && !(streamFraction >= 0 && streamFraction <= 1)) throw new UsageError(`--stream-fraction must be in [0, 1], got ${streamFraction}`);
      const shortened: Scenario = durationS === undefined || durationS >= loaded.durationS ? loaded : { ...loaded, durationS };
      const scenario: Scenario = streamFraction === undefined ? shortened : { ...shortened, traffic: { ...shortened.traffic, streamFraction } };
      const seed = String(argv.seed ?? scenario.seed);

      const collector = new SimTraceCollector();
      const sim = runScenario(scenario, { strategy, seed, explain: collector });
      const live = await runLive({ scenario, strategy, seed, timeScale, unixNowMs: () => Date.now(), epochMs: performance.now() });
      const simTraces = collector.traces();
      const traces = liveTraces(live);
      const join = joinAttempts(simTraces, traces);
      const sources = divergenceSources(simTraces, traces, live, timeScale);
      const comparison = compareLiveToSim(sim, live, { sim: simTraces, live: traces }, join, sources, scenario.router, timeScale, scenario.traffic.streamFraction, simCis(scenario, strategy, seed, replications));
      const rendered = renderLiveVsSim(comparison);
      if (out !== undefined) {
        writeDirectoryAtomically(out, (write) => {
          write('live-vs-sim.json', rendered.json);
          write('live-vs-sim.md', rendered.markdown);
          write('live-vs-sim.html', rendered.html);
        }, LIVE_DIR);
      }
      printOut(argv.json ? rendered.json : rendered.markdown + (out === undefined ? '' : `\nwritten to ${out}\n`));
    },
  );
}
