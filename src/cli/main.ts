import yargs from 'yargs';
import { registerCompareCommand } from './commands/compare-command.js';
import { registerFitCommand } from './commands/fit-command.js';
import { registerImportCommand } from './commands/import-command.js';
import { registerPricingFlags } from './pricing-flags.js';
import { registerMergeCommand } from './commands/merge-command.js';
import { registerReportCommand } from './commands/report-command.js';
import { registerRunCommand } from './commands/run-command.js';
import { registerSchemaCommand } from './commands/schema-command.js';
import { registerStrategiesCommand } from './commands/strategies-command.js';
import { registerQualityCommand } from './commands/quality-command.js';
import { registerSweepCommand } from './commands/sweep-command.js';
import { registerValidateCommand } from './commands/validate-command.js';
import { describeFailure } from './user-error.js';

/** Entry point of the `routesim` command. Handlers are thin: the work lives in the layers below. */
export async function main(args: string[]): Promise<void> {
  let y = yargs(args)
    .scriptName('routesim')
    .usage('$0 <command> [options]\n\nSimulate LLM routing, load balancing and failover before you deploy it.')
    .strict()
    .demandCommand(1, 'Say which command to run (see the list above).')
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .version(false)
    .wrap(Math.min(110, process.stdout.columns ?? 100))
    .fail((msg, err) => {
      if (err) throw err;
      process.stderr.write(`${msg}\nRun 'routesim --help' for usage.\n`);
      process.exit(2);
    });
  y = registerPricingFlags(y);
  y = registerRunCommand(y);
  y = registerCompareCommand(y);
  y = registerSweepCommand(y);
  y = registerMergeCommand(y);
  y = registerReportCommand(y);
  y = registerValidateCommand(y);
  y = registerSchemaCommand(y);
  y = registerStrategiesCommand(y);
  y = registerFitCommand(y);
  y = registerImportCommand(y);
  y = registerQualityCommand(y);
  try {
    await y.parseAsync();
  } catch (e) {
    const { message, exitCode } = describeFailure(e);
    process.stderr.write(`routesim: ${message}\n`);
    process.exitCode = exitCode;
  }
}
