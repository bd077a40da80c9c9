import { parseScenarioText } from '../config/load-scenario.js';
import { RealScheduler } from '../core/real-scheduler.js';
import { ScaledScheduler } from '../core/scaled-scheduler.js';
import { startGateway } from '../live/gateway/gateway-server.js';
import { makeUpstream } from '../live/gateway/upstream.js';
import { startLoad } from '../live/load/start-load.js';
import { EmulatedProviders } from '../live/providers/emulated-providers.js';
import { startProviderServer } from '../live/providers/provider-server.js';

/** One emulated provider with a constant 20 ms answer, open-loop Poisson traffic at `ratePerS`. */
export const overheadScenarioText = (ratePerS: number, durationS: number): string => `
name: gateway-overhead
seed: 1
durationS: ${durationS}
traffic:
  arrivals: { kind: poisson, ratePerS: ${ratePerS} }
  inputTokens: 50
  outputTokens: 10
providers:
  - id: up
    latency: { ttftMs: 20, msPerOutputToken: 0 }
    models: [{ id: m, inputUsdPerMTok: 1, outputUsdPerMTok: 1 }]
router:
  strategy: round-robin
  retries: { maxRetries: 0 }
metrics: { bucketS: 1 }
`;

export interface OverheadRun {
  readonly requests: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly achievedPerS: number;
  /** Process CPU time (user + system) per request, µs: load generator, providers and (through) the gateway. */
  readonly cpuUsPerRequest: number;
  readonly sendLatenessP99Ms: number;
}

export interface GatewayOverhead {
  readonly direct: OverheadRun;
  readonly through: OverheadRun;
}

/**
 * `load` against the emulated provider directly, then through the gateway (round-robin over
 * one deployment, no retries), in this one process: one core runs the load generator, the
 * provider and the gateway, so the added latency includes the gateway's CPU competing with them.
 */
export async function measureGatewayOverhead(ratePerS: number, durationS: number): Promise<GatewayOverhead> {
  const scenario = parseScenarioText(overheadScenarioText(ratePerS, durationS), 'gateway-overhead.yaml');
  const wall = new RealScheduler();
  const clock = new ScaledScheduler(wall, 1);
  const world = new EmulatedProviders(scenario, 1, clock);
  const providers = await startProviderServer(world, { host: '127.0.0.1', port: 0, clock, minChunkIntervalMs: 0, unixNowS: () => 0, freshRequestId: () => 0 });
  const baseUrl = providers.endpoints.providers[0].baseUrl;
  const gateway = await startGateway({
    scenario, upstreams: new Map([['up', makeUpstream('up', baseUrl)]]), clock: wall, wall, timeScale: 1, unixNowMs: () => 0, host: '127.0.0.1', port: 0,
  });
  try {
    const run = async (target: string): Promise<OverheadRun> => {
      const cpu0 = process.cpuUsage();
      const t0 = wall.now();
      const r = await startLoad({ scenario, timeScale: 1, baseUrl: target }).done;
      const wallS = (wall.now() - t0) / 1000;
      const cpu = process.cpuUsage(cpu0);
      const n = r.summary.requests.total;
      return {
        requests: n, p50Ms: r.summary.latencyMs.p50, p99Ms: r.summary.latencyMs.p99, achievedPerS: r.summary.requests.succeeded / wallS,
        cpuUsPerRequest: (cpu.user + cpu.system) / n, sendLatenessP99Ms: r.lateness.p99Ms,
      };
    };
    await run(baseUrl); // warm-up: JIT, connection pools
    const direct = await run(baseUrl);
    const through = await run(`${gateway.url}/v1`);
    return { direct, through };
  } finally {
    await gateway.close(0);
    await providers.close();
  }
}
