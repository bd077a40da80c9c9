import type { Argv } from 'yargs';
import type { CommandSpec } from '../command-list.js';
import { RESULTS_MARKER } from '../../lab/atomic-dir.js';
import { writeResultFiles } from '../../lab/results-writer.js';
import { defaultQualityOutDir } from '../../lab/out-dir.js';
import { qualityPointsCsv } from '../../lab/quality/quality-csv.js';
import type { QualitySweepSummary } from '../../lab/quality/quality-summary.js';
import { runQualitySweepAsync } from '../../lab/quality/quality-sweep.js';
import { parseNoises, parseThresholds } from '../../lab/quality/threshold-grid.js';
import { readScenarioSource } from '../../lab/scenario-source.js';
import { printWarning } from '../print-warning.js';
import { toStableJson } from '../../lab/stable-json.js';
import { routesimVersion } from '../../lab/version.js';
import { checkEventBudget } from '../../sim/estimate-events.js';
import { maxEventsOf, maxEventsOption } from '../max-events-option.js';
import { fmtNum, fmtPct, renderTable } from '../table.js';
import { announce, labOutDir, resultsWhere, runLabJob } from '../lab-run.js';
import { handlePendingInterrupt, processInterrupt, testMarker } from '../process-interrupt.js';
import { printOut } from '../terminal-output.js';

function formatQualityTable(s: QualitySweepSummary): string {
  const pct = (x: number, n: number) => (n === 0 ? 'not reached' : fmtPct(x, 1));
  const rows = [
    ...s.curves.map((c) => [`quality-threshold σ=${c.noise} (AUC ${c.predictorAuc.toFixed(2)})`, fmtNum(c.apgr.mean, 3), pct(c.cpt50.mean, c.cpt50.n), pct(c.cpt80.mean, c.cpt80.n)]),
    ['random router (exact)', fmtNum(s.references.random.apgr, 3), fmtPct(s.references.random.cpt50, 1), fmtPct(s.references.random.cpt80, 1)],
    ['oracle (exact)', fmtNum(s.references.oracle.apgr, 3), fmtPct(s.references.oracle.cpt50, 1), fmtPct(s.references.oracle.cpt80, 1)],
  ];
  const d = s.data;
  const head = `${d.benchmark}: ${d.prompts} prompts, strong ${fmtPct(d.strongScore, 1)} vs weak ${fmtPct(d.weakScore, 1)}; `
    + `${s.replications} replication${s.replications === 1 ? '' : 's'} × ${s.curves[0]?.points.length ?? 0} thresholds per noise level`;
  return `${head}\n\n${renderTable(['router', 'APGR', 'CPT(50%)', 'CPT(80%)'], rows)}`;
}

export function registerQualityCommand(y: Argv, spec: CommandSpec): Argv {
  return y.command(
    spec.usage,
    spec.describe,
    (c) =>
      c
        .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario file with traffic.quality' })
        .option('thresholds', { type: 'string', default: '0:1:0.05', describe: 'thresholds to sweep: start:end:step or a,b,c (within [0, 1])' })
        .option('noise', { type: 'string', describe: "predictor noise levels σ: a,b,c or start:end:step (default: the scenario's quality-threshold noise, else 1)" })
        .option('replications', { type: 'number', describe: "replications per threshold (default: the scenario's replications)" })
        .option('seed', { type: 'string', describe: "root seed (default: the scenario's seed)" })
        .option('out', { type: 'string', describe: 'results directory (default: results/<scenario>-quality)' })
        .option('max-events', maxEventsOption)
        .option('quiet', { type: 'boolean', default: false, describe: 'no progress bar' })
        .option('json', { type: 'boolean', default: false, describe: 'print the summary (summary.json content) instead of the table' })
        .example('$0 quality scenarios/quality-routing.yaml', 'threshold 0, 0.05, …, 1 at the scenario\'s noise level')
        .example('$0 quality scenarios/quality-routing.yaml --noise 0.5,1,2 --replications 3 --out results/qr', 'three predictor qualities'),
    async (argv) => {
      processInterrupt();
      const maxEvents = maxEventsOf(argv['max-events']);
      const src = readScenarioSource(argv.scenario as string, printWarning);
      checkEventBudget(src.scenario, maxEvents, argv.scenario as string);
      const outDir = labOutDir(argv.out, defaultQualityOutDir(src.scenario.name));
      const thresholds = parseThresholds(argv.thresholds);
      const noises = argv.noise === undefined ? undefined : parseNoises(argv.noise as string);
      const quiet = argv.quiet || argv.json;
      const summary = await runLabJob('quality sweep', quiet, (control, pause) =>
        runQualitySweepAsync(src.scenario, {
          thresholds,
          noises,
          replications: argv.replications,
          seed: argv.seed,
          origin: { file: src.file, sha256: src.sha256 },
          routesimVersion: routesimVersion(),
          ...control,
        }, pause),
      );
      if (summary === undefined) return;
      const files: [string, string][] = [
        [RESULTS_MARKER, toStableJson(summary)],
        ['points.csv', qualityPointsCsv(summary)],
        // Imported here: the report code loads vega (~120 ms), which no other command path needs.
        ...(await (await import('../../report/quality/render-quality-report.js')).buildQualityReportFiles(summary)).map((f): [string, string] => [f.path, f.content]),
      ];
      testMarker('writing');
      const written = writeResultFiles(outDir, files);
      await handlePendingInterrupt();
      printOut(argv.json ? toStableJson(summary, 0) : `${formatQualityTable(summary)}\n`);
      announce(resultsWhere(outDir, written), argv.json, argv.quiet);
    },
  );
}
