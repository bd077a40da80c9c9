import type { Argv } from 'yargs';
import type { CommandSpec } from '../command-list.js';
import { loadScenarioFile } from '../../config/load-scenario.js';
import { checkEventBudget, estimateEvents } from '../../sim/estimate-events.js';
import { maxEventsOf, maxEventsOption } from '../max-events-option.js';
import { printWarning } from '../print-warning.js';
import { printOut } from '../terminal-output.js';

export function registerValidateCommand(y: Argv, spec: CommandSpec): Argv {
  return y.command(
    spec.usage,
    spec.describe,
    (c) =>
      c
        .positional('scenarios', { type: 'string', array: true, demandOption: true, describe: 'scenario files' })
        .option('max-events', maxEventsOption),
    (argv) => {
      const maxEvents = maxEventsOf(argv['max-events']);
      for (const file of argv.scenarios as string[]) {
        const s = loadScenarioFile(file, { onWarning: printWarning });
        // What `run` would refuse (a run that would not finish or not fit in memory) is not ok.
        checkEventBudget(s, maxEvents, file);
        const deployments = s.providers.reduce((n, p) => n + p.models.length, 0);
        printOut(`${file}: ok — '${s.name}', ${s.providers.length} providers, ${deployments} deployments, strategy ${s.router.strategy}, ~${estimateEvents(s).toExponential(1)} events\n`);
      }
    },
  );
}
