import type { Argv } from 'yargs';
import { loadScenarioFile } from '../../config/load-scenario.js';
import { estimateEvents } from '../../sim/estimate-events.js';
import { printWarning } from '../print-warning.js';

export function registerValidateCommand(y: Argv): Argv {
  return y.command(
    'validate <scenarios..>',
    'Check scenario files without running them (exit 2 on the first invalid one; warnings on stderr)',
    (c) => c.positional('scenarios', { type: 'string', array: true, demandOption: true, describe: 'scenario files' }),
    (argv) => {
      for (const file of argv.scenarios as string[]) {
        const s = loadScenarioFile(file, { onWarning: printWarning });
        const deployments = s.providers.reduce((n, p) => n + p.models.length, 0);
        process.stdout.write(`${file}: ok — '${s.name}', ${s.providers.length} providers, ${deployments} deployments, strategy ${s.router.strategy}, ~${estimateEvents(s).toExponential(1)} events\n`);
      }
    },
  );
}
