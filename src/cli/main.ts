import yargs from 'yargs';
import { routesimVersion } from '../lab/version.js';
import { registerCommands } from './command-list.js';
import { registerPricingFlags } from './pricing-flags.js';
import { describeFailure } from './user-error.js';
import { printErr } from './terminal-output.js';
import { limitHeapGrowth } from './heap-growth.js';

/**
 * Entry point of the `routesim` command. Handlers are thin: the work lives in the layers below.
 * Only the command asked for is loaded (see command-list.ts): startup is module loading.
 */
export async function main(args: string[]): Promise<void> {
  limitHeapGrowth();
  let y = yargs(args)
    .scriptName('routesim')
    .usage('$0 <command> [options]\n\nSimulate LLM routing, load balancing and failover before you deploy it.')
    .strict()
    .demandCommand(1, 'Say which command to run (see the list above).')
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .version('version', 'Show the version number', routesimVersion())
    .wrap(Math.min(110, process.stdout.columns ?? 100))
    .fail((msg, err) => {
      if (err) throw err;
      printErr(`${msg}\nRun 'routesim --help' for usage.\n`);
      process.exit(2);
    });
  try {
    y = await registerCommands(registerPricingFlags(y), args);
    await y.parseAsync();
  } catch (e) {
    const { message, exitCode } = describeFailure(e);
    printErr(`routesim: ${message}\n`);
    process.exitCode = exitCode;
  }
}
