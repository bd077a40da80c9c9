import { basename, dirname, join, relative } from 'node:path';
import type { Argv } from 'yargs';
import type { CommandSpec } from '../command-list.js';
import { checkOutputFile } from '../../lab/atomic-dir.js';
import { writeFileAtomic } from '../../core/atomic-file.js';
import { parseScenarioText } from '../../config/load-scenario.js';
import { calibrate, scenarioYaml, traceLines, type CalibrationOptions } from '../../calibrate/calibrated-scenario.js';
import { formatBacktestTable } from '../format-backtest.js';
import { runBacktest } from '../../calibrate/backtest/run-backtest.js';
import { COLUMN_KEYS, parseColumnMap } from '../../calibrate/logs/column-log-reader.js';
import { LOG_FORMATS, readLogs, type LogFormat } from '../../calibrate/logs/read-logs.js';
import { rescaleArrivals } from '../../calibrate/logs/rescale-arrivals.js';
import { inferTraffic } from '../../calibrate/infer/infer-traffic.js';
import { configSecrets, redactSecrets } from '../../import/litellm/config-secrets.js';
import { formatImportWarnings } from '../../import/litellm/import-warnings.js';
import { readLitellmConfig } from '../../import/litellm/litellm-config.js';
import { importLitellmConfig } from '../../import/litellm/litellm-to-scenario.js';
import { printWarning } from '../print-warning.js';
import { UsageError } from '../user-error.js';
import { printErr, printOut } from '../terminal-output.js';

/** The router section of a LiteLLM config (`import litellm`), its warnings printed with secrets redacted. */
function routerFrom(path: string): Record<string, unknown> {
  const cfg = readLitellmConfig(path);
  const result = importLitellmConfig(cfg);
  const secrets = configSecrets(cfg);
  // Prices come from the log's costs, not from the config: its price warnings do not apply.
  const warnings = result.warnings.filter((w) => !/\bno price\b/.test(w.message));
  for (const line of formatImportWarnings(warnings, cfg)) printWarning(redactSecrets(line, secrets));
  return result.scenario.router as Record<string, unknown>;
}

export function registerCalibrateCommand(y: Argv, spec: CommandSpec): Argv {
  return y.command(
    spec.usage,
    spec.describe,
    (c) =>
      c
        .positional('logs', { type: 'string', array: true, demandOption: true, describe: 'request logs: routesim gateway request logs (JSONL), OTLP JSON GenAI spans (JSONL), LiteLLM StandardLoggingPayload / spend-log rows (JSONL), llmperf individual/*.json' })
        .option('format', { choices: LOG_FORMATS, describe: 'log format (default auto: routesim / otel / litellm from the first line, llmperf for .json; csv / jsonl need --columns)' })
        .option('columns', { type: 'string', describe: `csv / jsonl: key=Column pairs, keys ${COLUMN_KEYS.join(', ')} (one start*, one latency*, deployment, inputTokens, outputTokens required)` })
        .option('router-from', { type: 'string', describe: "LiteLLM config.yaml whose router section (as 'import litellm' maps it) replaces the router observed in the log" })
        .option('out', { type: 'string', describe: 'write the scenario here, and the trace of logged requests beside it as <name>.trace.jsonl' })
        .option('name', { type: 'string', describe: 'scenario name (default: from --out, else calibrated)' })
        .option('synthetic', { type: 'boolean', default: false, describe: 'traffic as fitted distributions (arrival rate(s), input/output tokens, stream share, tenant mix) instead of a trace of the logged requests' })
        .option('time-scale', { type: 'number', describe: 'the log was written by `routesim gateway --time-scale k`: arrivals are wall-clock, durations scenario ms; stretches the gaps between arrivals by k onto the scenario clock' })
        .option('holdout', { type: 'number', describe: 'backtest: fit on the first (1 − F) of the log, simulate the last F under the router and compare (0 < F < 1)' })
        .example('$0 calibrate gateway-requests.jsonl --out scenarios/last-week.yaml', 'a scenario replaying the logged week through fitted providers')
        .example('$0 calibrate spans.jsonl --router-from litellm-config.yaml --out cand.yaml --holdout 0.3', 'OTel spans, LiteLLM router, backtest on the last 30%')
        .example('$0 calibrate gateway-requests.jsonl --synthetic --out fitted.yaml', 'fitted arrivals and token lengths instead of the trace')
        .example('$0 calibrate calls.csv --format csv --columns start=time,deployment=backend,inputTokens=in,outputTokens=out,latencyMs=ms,ttftMs=ttft,status=code', 'any CSV through a column mapping'),
    (argv) => {
      if (argv.out !== undefined) checkOutputFile(argv.out);
      const holdout = argv.holdout;
      if (holdout !== undefined && !(holdout > 0 && holdout < 1)) throw new UsageError(`--holdout must be a fraction between 0 and 1 (exclusive), got ${holdout}`);
      const format = (argv.format ?? 'auto') as LogFormat;
      if (argv.columns !== undefined && format !== 'csv' && format !== 'jsonl') throw new UsageError('--columns is for --format csv or jsonl');
      const columns = argv.columns === undefined ? undefined : parseColumnMap(argv.columns);
      const router = argv['router-from'] === undefined ? undefined : routerFrom(argv['router-from']);
      const timeScale = argv['time-scale'];
      if (timeScale !== undefined && !(timeScale > 0 && Number.isFinite(timeScale))) throw new UsageError(`--time-scale must be a positive number, got ${timeScale}`);
      const files = argv.logs as string[];
      const logged = readLogs(files, format, columns);
      const read = timeScale === undefined ? logged : { ...logged, requests: rescaleArrivals(logged.requests, timeScale) };
      if (read.requests.length === 0) throw new UsageError(`${files.join(', ')}: no requests in the log(s)`);
      for (const f of read.perFile) printErr(`${f.file}: ${f.format}, ${f.requests} requests from ${f.lines} lines${f.skipped > 0 ? `, ${f.skipped} cut-off final line skipped` : ''}\n`);
      printErr(`privacy: kept times, tokens, outcomes, deployments, tenants and client hashes only${read.dropped.length > 0 ? `; dropped ${read.dropped.join(', ')}` : ''}\n`);
      if (read.requests.every((r) => r.attempts.length === 0)) throw new UsageError('the log records no attempts (deployments): a provider cannot be calibrated from it (routesim load logs know no attempts: use the gateway request log)');
      if (argv.synthetic && !read.timed) throw new UsageError('--synthetic fits arrival rates from arrival times, and llmperf results have none: leave --synthetic out (the trace lays the requests end to end)');
      const cal = calibrate(read.requests, {}, read.timed);
      for (const p of cal.providers) if (p.latency.succeeded === 0) printWarning(`warning: provider '${p.provider}' has no successful request in the log: its latency is left at routesim's defaults (set it by hand)`);
      if (!read.timed) printWarning('warning: llmperf results have no arrival times: no rate limits or outage windows inferred, and the trace lays the requests end to end');
      const name = argv.name ?? (argv.out !== undefined ? basename(argv.out).replace(/\.ya?ml$/i, '') : 'calibrated');
      const traceFile = argv.out !== undefined ? join(dirname(argv.out), `${name}.trace.jsonl`) : `${name}.trace.jsonl`;
      const opts: Omit<CalibrationOptions, 'tracePath'> = {
        name,
        router,
        header: [
          `routesim calibrate ${files.map((f) => basename(f)).join(' ')}: ${read.requests.length} requests${router ? `, router from ${basename(argv['router-from']!)}` : ''}`,
          'every inferred value says how many observations it came from and how uncertain it is',
        ],
      };
      const synthetic = argv.synthetic ? inferTraffic(read.requests) : undefined;
      const text = scenarioYaml(cal, read.requests, { ...opts, tracePath: relative(dirname(argv.out ?? '.'), traceFile) || basename(traceFile), synthetic });
      if (argv.out === undefined) {
        printOut(text);
        if (!synthetic) printErr(`(the trace was not written: give --out to write the scenario and ${basename(traceFile)})\n`);
      } else {
        if (!synthetic) writeFileAtomic(traceFile, [...traceLines(read.requests)].join('\n') + '\n');
        // The output must load: a failure here is a bug in calibrate, reported as such.
        parseScenarioText(text, argv.out);
        writeFileAtomic(argv.out, text);
        printErr(`wrote ${argv.out} (${cal.providers.length} providers)${synthetic ? ', fitted traffic' : ` and ${traceFile} (${read.requests.length} requests)`}\n`);
      }
      if (holdout !== undefined) {
        const bt = runBacktest(read.requests, holdout, opts, synthetic !== undefined);
        const table = formatBacktestTable(bt.rows);
        const out = `backtest: fitted on ${bt.fitRequests} requests, simulated the last ${Math.round(holdout * 100)}% of the time span (${bt.holdoutRequests} logged requests${synthetic ? ', fitted traffic at the latest arrival rate' : ''}) under the ${router ? 'given' : 'observed'} router\n${table}\n${bt.rows.filter((r) => !r.ok).length} of ${bt.rows.length} rows outside tolerance\n`;
        printOut(out);
        if (argv.out !== undefined) {
          const file = join(dirname(argv.out), `${name}.backtest.txt`);
          writeFileAtomic(file, out);
          printErr(`wrote ${file}\n`);
        }
      }
    },
  );
}
