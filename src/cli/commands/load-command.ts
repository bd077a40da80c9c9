import type { Argv } from 'yargs';
import type { CommandSpec } from '../command-list.js';
import { loadScenarioFile } from '../../config/load-scenario.js';
import { checkOutputDir, writeDirectoryAtomically } from '../../lab/atomic-dir.js';
import { toStableJson } from '../../lab/stable-json.js';
import type { LoadRecord } from '../../live/load/load-record.js';
import { startLoad } from '../../live/load/start-load.js';
import { buildDeployments } from '../../sim/world/build-deployments.js';
import { formatRunSummary } from '../format-run.js';
import { checkTimeScale, reportCallbackError } from '../live-options.js';
import { printWarning } from '../print-warning.js';
import { printOut } from '../terminal-output.js';
import { processInterrupt } from '../process-interrupt.js';
import { INTERRUPTED_EXIT_CODE } from '../../lab/signals.js';
import { UsageError } from '../user-error.js';

/** A load directory: summary.json, requests.jsonl, load.json, report.txt. */
const LOAD_DIR = { kind: 'load' };
/** Above this p99 send lateness (real ms), the load generator, not the target, may be the bottleneck. */
const LATE_WARN_P99_MS = 5;

export function registerLoadCommand(y: Argv, spec: CommandSpec): Argv {
  return y.command(
    spec.usage,
    spec.describe,
    (c) =>
      c
        .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario file whose traffic is replayed' })
        .option('target', { type: 'string', demandOption: true, describe: 'OpenAI-compatible base URL (…/v1); requests go only there' })
        .option('time-scale', { type: 'number', default: 1, describe: 'k: the scenario\'s arrivals k times faster; results in scenario time (real × k)' })
        .option('model', { type: 'string', describe: "the request's model (default: the scenario's first model)" })
        .option('api-key-env', { type: 'string', describe: 'environment variable holding the API key (sent as Authorization: Bearer)' })
        .option('header', { type: 'string', array: true, default: [], describe: 'extra request header K:V (repeatable)' })
        .option('max-in-flight', { type: 'number', default: 10_000, describe: 'a request due while this many are in flight is not sent (counted as failed)' })
        .option('duration', { type: 'number', describe: 'replay only the first S scenario seconds (default: durationS)' })
        .option('max-requests', { type: 'number', default: 1_000_000, describe: 'send at most this many requests' })
        .option('seed', { type: 'string', describe: "root seed of the traffic (default: the scenario's)" })
        .option('out', { type: 'string', describe: 'write summary.json, requests.jsonl, load.json and report.txt into this directory' })
        .option('json', { type: 'boolean', default: false, describe: 'print one JSON line (summary and lateness) instead of text' })
        .example('$0 load scenarios/quickstart.yaml --target http://127.0.0.1:8400/fast/v1 --time-scale 10 --duration 30', 'replay 30 scenario seconds in 3 real seconds'),
    async (argv) => {
      const scenario = loadScenarioFile(argv.scenario as string, { onWarning: printWarning });
      const timeScale = checkTimeScale(argv['time-scale'] as number);
      const target = parseTarget(argv.target as string);
      const headers = parseHeaders(argv.header as string[]);
      const keyEnv = argv['api-key-env'] as string | undefined;
      if (keyEnv !== undefined) {
        const key = process.env[keyEnv];
        if (key === undefined || key === '') throw new UsageError(`--api-key-env ${keyEnv}: that environment variable is not set`);
        headers.authorization = `Bearer ${key}`;
      }
      const maxInFlight = positiveInt(argv['max-in-flight'] as number, '--max-in-flight');
      const maxRequests = positiveInt(argv['max-requests'] as number, '--max-requests');
      const durationS = argv.duration as number | undefined;
      if (durationS !== undefined && !(durationS > 0)) throw new UsageError(`--duration must be > 0 seconds, got ${durationS}`);
      const out = argv.out as string | undefined;
      if (out !== undefined) checkOutputDir(out, LOAD_DIR);
      const model = (argv.model as string | undefined) ?? buildDeployments(scenario)[0].modelId;
      const records: LoadRecord[] = [];
      const load = startLoad({
        scenario, seed: argv.seed ?? scenario.seed, timeScale, baseUrl: target, model, headers, maxInFlight, maxRequests,
        durationS, onRecord: (r) => records.push(r), onCallbackError: reportCallbackError,
      });
      const replayer = { stop: load.stop };
      const onTerm = () => replayer.stop();
      process.on('SIGTERM', onTerm);
      const result = await processInterrupt().stoppable(async (stop) => {
        stop.addEventListener('abort', () => replayer.stop());
        return load.done;
      });
      process.off('SIGTERM', onTerm);
      const l = result.lateness;
      const loadInfo = { target, timeScale, model, lateness: l, notSent: result.notSent, stoppedEarly: result.stoppedEarly };
      if (l.p99Ms > LATE_WARN_P99_MS || result.notSent > 0) {
        printWarning(`warning: the load generator may have been the bottleneck (send lateness p99 ${l.p99Ms.toFixed(1)} ms, max ${l.maxMs.toFixed(1)} ms; ${result.notSent} not sent at --max-in-flight ${maxInFlight}); lower --time-scale for a faithful replay`);
      }
      if (out !== undefined) {
        writeDirectoryAtomically(out, (write) => {
          write('summary.json', toStableJson(result.summary));
          write('load.json', toStableJson(loadInfo));
          write('requests.jsonl', records.map((r) => JSON.stringify(r)).join('\n') + (records.length > 0 ? '\n' : ''));
          write('report.txt', formatRunSummary(result.summary) + '\n' + formatLoad(loadInfo) + '\n');
        }, LOAD_DIR);
      }
      if (argv.json) printOut(JSON.stringify({ ...result.summary, load: loadInfo }) + '\n');
      else printOut(formatRunSummary(result.summary) + '\n' + formatLoad(loadInfo) + '\n' + (out === undefined ? '' : `written to ${out}\n`));
      // Stopped by Ctrl-C or SIGTERM: what was measured is written, and the exit status says the run is incomplete.
      if (result.stoppedEarly) process.exitCode = INTERRUPTED_EXIT_CODE;
    },
  );
}

function formatLoad(load: { target: string; timeScale: number; lateness: { sent: number; p50Ms: number; p99Ms: number; maxMs: number }; notSent: number; stoppedEarly: boolean }): string {
  const l = load.lateness;
  return `live load against ${load.target} at time scale ${load.timeScale}: ${l.sent} sent, ${load.notSent} not sent${load.stoppedEarly ? ' (stopped early)' : ''}; ` +
    `send lateness p50 ${l.p50Ms.toFixed(2)} ms, p99 ${l.p99Ms.toFixed(2)} ms, max ${l.maxMs.toFixed(2)} ms (real)`;
}

function parseTarget(t: string): string {
  let u: URL;
  try {
    u = new URL(t);
  } catch {
    throw new UsageError(`--target ${t}: not a URL (expected e.g. http://127.0.0.1:8400/<provider>/v1)`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new UsageError(`--target ${t}: expected an http:// or https:// base URL`);
  return t.replace(/\/+$/, '');
}

function parseHeaders(list: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const h of list) {
    const i = h.indexOf(':');
    if (i <= 0) throw new UsageError(`--header ${h}: expected K:V`);
    out[h.slice(0, i).trim().toLowerCase()] = h.slice(i + 1).trim();
  }
  return out;
}

function positiveInt(n: number, flag: string): number {
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} must be a whole number >= 1, got ${n}`);
  return n;
}
