import type { Argv } from 'yargs';
import type { CommandSpec } from '../command-list.js';
import { loadScenarioFile } from '../../config/load-scenario.js';
import { RealScheduler } from '../../core/real-scheduler.js';
import { ScaledScheduler } from '../../core/scaled-scheduler.js';
import { upstreamsOf } from '../../live/gateway/gateway-config.js';
import { startGateway } from '../../live/gateway/gateway-server.js';
import { RequestLogWriter } from '../../live/request-log/request-log-record.js';
import { checkTimeScale, listenError } from '../live-options.js';
import { printWarning } from '../print-warning.js';
import { printOut } from '../terminal-output.js';
import { UsageError } from '../user-error.js';

export function registerGatewayCommand(y: Argv, spec: CommandSpec): Argv {
  return y.command(
    spec.usage,
    spec.describe,
    (c) =>
      c
        .positional('config', { type: 'string', demandOption: true, describe: 'scenario file whose providers carry endpoint: blocks (its router: section configures routing)' })
        .option('upstream', { type: 'string', array: true, default: [], describe: "a provider's base URL, ID=URL (repeatable; overrides its endpoint.baseUrl)" })
        .option('strategy', { type: 'string', describe: 'routing strategy (default: router.strategy)' })
        .option('host', { type: 'string', default: '127.0.0.1', describe: 'address to bind (loopback by default)' })
        .option('port', { type: 'number', default: 8300, describe: 'port to listen on (0: any free port)' })
        .option('time-scale', { type: 'number', default: 1, describe: "k: the router's timers run k times faster (match 'routesim providers --time-scale k')" })
        .option('seed', { type: 'string', describe: "root seed of the router's random streams (default: the scenario's)" })
        .option('request-log', { type: 'string', describe: 'append one JSON line per request to this file (schema routesim.request-log/1)' })
        .option('drain-ms', { type: 'number', default: 10_000, describe: 'on SIGTERM/SIGINT, let requests in flight finish for at most this many ms' })
        .option('json', { type: 'boolean', default: false, describe: 'print one JSON line when listening (for scripts)' })
        .example('$0 gateway my-providers.yaml --port 8300', 'route with the scenario\'s router: section; POST http://127.0.0.1:8300/v1/chat/completions')
        .example('$0 gateway scenarios/quickstart.yaml --upstream alpha=http://127.0.0.1:8400/alpha/v1 --upstream beta=... --upstream gamma=... --time-scale 10', "in front of 'routesim providers scenarios/quickstart.yaml --time-scale 10'"),
    async (argv) => {
      const file = argv.config as string;
      const scenario = loadScenarioFile(file, { onWarning: printWarning });
      const timeScale = checkTimeScale(argv['time-scale'] as number);
      const drainMs = argv['drain-ms'] as number;
      if (!(drainMs >= 0) || !Number.isFinite(drainMs)) throw new UsageError(`--drain-ms must be >= 0, got ${drainMs}`);
      const strategy = (argv.strategy as string | undefined) ?? scenario.router.strategy;
      const upstreams = upstreamsOf(file, scenario, strategy, parseUpstreams(argv.upstream as string[]), process.env);
      const logPath = argv['request-log'] as string | undefined;
      let requestLog: RequestLogWriter | undefined;
      if (logPath !== undefined) {
        try {
          requestLog = new RequestLogWriter(logPath);
        } catch (e) {
          throw new UsageError(`--request-log ${logPath}: cannot open for appending (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
        }
      }
      const wall = new RealScheduler();
      const clock = timeScale === 1 ? wall : new ScaledScheduler(wall, timeScale);
      const host = argv.host as string;
      const port = argv.port as number;
      const gateway = await startGateway({
        scenario, strategy, seed: argv.seed ?? scenario.seed, upstreams, clock, wall, timeScale, host, port, requestLog,
        unixNowMs: () => Date.now(),
      }).catch((err: unknown) => {
        requestLog?.close();
        throw listenError(err, host, port);
      });
      if (argv.json) {
        printOut(JSON.stringify({ event: 'listening', url: gateway.url, strategy, timeScale, upstreams: [...upstreams.values()].map((u) => ({ provider: u.providerId, baseUrl: u.baseUrl })) }) + '\n');
      } else {
        printOut(`routesim gateway: '${scenario.name}' with ${strategy} at time scale ${timeScale} on ${gateway.url}/v1\n`);
        for (const u of upstreams.values()) printOut(`  ${u.providerId} -> ${u.baseUrl}${u.apiKey === undefined ? '' : ' (API key set)'}\n`);
        printOut(`  metrics: ${gateway.url}/metrics  health: ${gateway.url}/healthz\nCtrl-C or SIGTERM to drain and stop.\n`);
      }
      const cancelled = await new Promise<number>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          void gateway.close(drainMs).then(resolve);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      requestLog?.close();
      if (argv.json) printOut(JSON.stringify({ event: 'stopped', cancelled }) + '\n');
      else printOut(`routesim gateway: stopped (${cancelled} request(s) cancelled after the ${drainMs} ms drain)\n`);
    },
  );
}

function parseUpstreams(list: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const item of list) {
    const i = item.indexOf('=');
    const url = item.slice(i + 1);
    if (i <= 0 || !/^https?:\/\/./.test(url)) throw new UsageError(`--upstream ${item}: expected ID=http(s)://host:port/... (a provider id and its base URL)`);
    try {
      new URL(url);
    } catch {
      throw new UsageError(`--upstream ${item}: '${url}' is not a URL`);
    }
    out.set(item.slice(0, i), url);
  }
  return out;
}
