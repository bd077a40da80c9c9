import type { Argv } from 'yargs';
import type { CommandSpec } from '../command-list.js';
import { mergePartials, type LoadedPartial } from '../../lab/merge.js';
import { readPartial } from '../../lab/shard-partial.js';
import { routesimVersion } from '../../lab/version.js';
import { labOutDir, printAndWrite } from '../lab-run.js';
import { processInterrupt } from '../process-interrupt.js';

export function registerMergeCommand(y: Argv, spec: CommandSpec): Argv {
  return y.command(
    spec.usage,
    spec.describe,
    (c) =>
      c
        .positional('partials', { type: 'string', array: true, demandOption: true, describe: 'the shard directories (each holds a partial.json)' })
        .option('out', { type: 'string', describe: 'results directory (default: the one the single-machine command would have used)' })
        .option('quiet', { type: 'boolean', default: false, describe: 'with --json: do not say on stderr where the results went' })
        .option('json', { type: 'boolean', default: false, describe: 'print the summary (summary.json content) instead of the table' })
        .example('$0 merge partials/shard-1 partials/shard-2 partials/shard-3 --out results/default-compare', 'three shards of one comparison'),
    async (argv) => {
      processInterrupt();
      const dirs = argv.partials as string[];
      const loaded: LoadedPartial[] = dirs.map((dir) => ({ dir, partial: readPartial(dir) }));
      const { summary, defaultOutDir } = mergePartials(loaded, routesimVersion());
      await printAndWrite(summary, labOutDir(argv.out, defaultOutDir), argv.json, argv.quiet);
    },
  );
}
