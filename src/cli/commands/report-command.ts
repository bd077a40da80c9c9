import type { Argv } from 'yargs';
import { rerenderReport } from '../../lab/summary-file.js';
import { reportRenderer } from '../report-renderer.js';

export function registerReportCommand(y: Argv): Argv {
  return y.command(
    'report <results-dir>',
    'Re-render report.md, report.html and charts from a results directory (no simulation)',
    (c) =>
      c
        .positional('results-dir', { type: 'string', demandOption: true, describe: "a directory written by 'routesim compare' or 'routesim sweep'" })
        .example('$0 report results/quickstart-compare', 'rebuild the report after upgrading routesim'),
    async (argv) => {
      const dir = argv['results-dir'] as string;
      const files = await rerenderReport(dir, await reportRenderer());
      process.stdout.write(`re-rendered ${files.length} file${files.length === 1 ? '' : 's'} in ${dir}/ from summary.json\n`);
    },
  );
}
