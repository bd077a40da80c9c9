import type { Argv } from 'yargs';
import type { CommandSpec } from '../command-list.js';
import { rerenderReport } from '../../lab/summary-file.js';
import { reportRenderer } from '../report-renderer.js';
import { printOut } from '../terminal-output.js';

export function registerReportCommand(y: Argv, spec: CommandSpec): Argv {
  return y.command(
    spec.usage,
    spec.describe,
    (c) =>
      c
        .positional('results-dir', { type: 'string', demandOption: true, describe: "a directory written by 'routesim compare' or 'routesim sweep'" })
        .example('$0 report results/quickstart-compare', 'rebuild the report after upgrading routesim'),
    async (argv) => {
      const dir = argv['results-dir'] as string;
      const files = await rerenderReport(dir, await reportRenderer());
      printOut(`re-rendered ${files.length} file${files.length === 1 ? '' : 's'} in ${dir}/ from summary.json\n`);
    },
  );
}
