import type { Argv } from 'yargs';
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
        .option('max-events', maxEventsOption)
        .option('quiet', { type: 'boolean', default: false, describe: 'no progress bar' })
        .option('on-bad-row', onBadRowOption)
        .example('$0 run scenarios/quickstart.yaml', 'run with the scenario\'s strategy')
        .example('$0 run scenarios/provider-outage.yaml --strategy p2c-ewma --explain 5', 'show why the first 5 requests went where they went'),
    (argv) => {
      const maxEvents = maxEventsOf(argv['max-events']);
      const scenario = applyOnBadRow(loadScenarioFile(argv.scenario as string, { onWarning: printWarning }), argv['on-bad-row']);
      checkEventBudget(scenario, maxEvents, argv.scenario as string);
      const explain = argv.explain > 0 ? new TextExplainSink(argv.explain, (line) => printErr(line + '\n')) : undefined;
      const bar = new ProgressBar('simulating', argv.quiet || argv.json);
      const summary = runScenario(scenario, {
        strategy: argv.strategy,
        seed: argv.seed,
        explain,
        onProgress: (f) => bar.update(f),
      });
      bar.done();
      if (argv.json) {
        const { timeseries, healthTimeline, ...rest } = summary;
        printOut(JSON.stringify({ ...rest, timeseries, healthTimeline }) + '\n');
      } else printOut(formatRunSummary(summary) + '\n');
    },
  );
}
