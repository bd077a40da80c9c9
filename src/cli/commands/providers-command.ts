import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Argv } from 'yargs';
import type { CommandSpec } from '../command-list.js';
import { loadScenarioFile } from '../../config/load-scenario.js';
import { RealScheduler } from '../../core/real-scheduler.js';
import { ScaledScheduler } from '../../core/scaled-scheduler.js';
import { EmulatedProviders } from '../../live/providers/emulated-providers.js';
import { startProviderServer } from '../../live/providers/provider-server.js';
import { printWarning } from '../print-warning.js';
import { printOut } from '../terminal-output.js';
import { UsageError } from '../user-error.js';
import { checkTimeScale, listenError, reportCallbackError } from '../live-options.js';

/** Fresh-luck request ids start here, far from any simulated request id. */
const FRESH_ID_BASE = 2 ** 40;

export function registerProvidersCommand(y: Argv, spec: CommandSpec): Argv {
  return y.command(
    spec.usage,
    spec.describe,
    (c) =>
      c
        .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario file (.yaml/.yml/.json)' })
        .option('time-scale', { type: 'number', default: 1, describe: 'k: 1 simulated second lasts 1/k real seconds' })
        .option('host', { type: 'string', default: '127.0.0.1', describe: 'address to bind (loopback by default)' })
        .option('port', { type: 'number', default: 8400, describe: 'port to listen on (0: any free port)' })
        .option('seed', { type: 'string', describe: "root seed (default: the scenario's seed); the simulator's luck for requests sent with x-routesim-request-id" })
        .option('min-chunk-interval-ms', { type: 'number', default: 10, describe: 'streamed tokens are coalesced into chunks at least this many real ms apart' })
        .option('json', { type: 'boolean', default: false, describe: 'print one JSON line with the base URLs when listening (for scripts)' })
        .example('$0 providers scenarios/provider-outage.yaml --time-scale 10', 'serve the scenario\'s providers ten times faster than real time')
        .example('$0 providers scenarios/quickstart.yaml --port 0 --json', 'any free port; one JSON line with the base URLs when ready (for scripts)'),
    async (argv) => {
      const scenario = loadScenarioFile(argv.scenario as string, { onWarning: printWarning });
      const timeScale = checkTimeScale(argv['time-scale'] as number);
      const minChunk = argv['min-chunk-interval-ms'] as number;
      if (!(minChunk >= 0)) throw new UsageError(`--min-chunk-interval-ms must be >= 0, got ${minChunk}`);
      const clock = new ScaledScheduler(new RealScheduler({ onCallbackError: reportCallbackError }), timeScale);
      const world = new EmulatedProviders(scenario, argv.seed ?? scenario.seed, clock);
      let nextId = FRESH_ID_BASE;
      // Event-loop lag for GET /stats: how late this process runs its timers (and so the providers' latencies).
      const lag = monitorEventLoopDelay({ resolution: 1 });
      lag.enable();
      const running = await startProviderServer(world, {
        host: argv.host as string,
        port: argv.port as number,
        clock,
        minChunkIntervalMs: minChunk,
        unixNowS: () => Math.floor(Date.now() / 1000),
        freshRequestId: () => nextId++,
        extraStats: (reset) => {
          const eventLoopLagMs = { p50: lag.percentile(50) / 1e6, p99: lag.percentile(99) / 1e6, max: lag.max / 1e6 };
          if (reset) lag.reset();
          return { eventLoopLagMs };
        },
      }).catch((err: unknown) => {
        throw listenError(err, argv.host as string, argv.port as number);
      });
      const e = running.endpoints;
      if (argv.json) {
        printOut(JSON.stringify({ event: 'listening', scenario: scenario.name, timeScale, seed: String(argv.seed ?? scenario.seed), ...e }) + '\n');
      } else {
        printOut(`routesim providers: '${scenario.name}' at time scale ${timeScale} on ${e.host}:${e.port}\n`);
        for (const p of e.providers) printOut(`  ${p.id}: ${p.baseUrl}  (models ${p.models.join(', ')}; health ${p.healthUrl})\n`);
        printOut(`  ledger: ${e.ledgerUrl}\nCtrl-C to stop.\n`);
      }
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          void running.close().then(resolve);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    },
  );
}
