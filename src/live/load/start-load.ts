import { Agent } from 'undici';
import type { Scenario } from '../../config/scenario-schema.js';
import { createRng } from '../../core/rng.js';
import { RealScheduler } from '../../core/real-scheduler.js';
import { createTrafficSource } from '../../sim/traffic/create-traffic-source.js';
import { withStreaming } from '../../sim/traffic/streaming-source.js';
import { buildDeployments } from '../../sim/world/build-deployments.js';
import type { LoadRecord } from './load-record.js';
import { OpenLoopReplayer, type LoadResult } from './open-loop-replayer.js';

export interface StartLoadOptions {
  readonly scenario: Scenario;
  readonly seed?: string | number;
  readonly timeScale: number;
  readonly baseUrl: string;
  /** Default: the scenario's first model. */
  readonly model?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly maxInFlight?: number;
  readonly maxRequests?: number;
  /** Replay only the scenario's first `durationS` seconds. */
  readonly durationS?: number;
  readonly onRecord?: (r: LoadRecord) => void;
  /**
   * The wall-clock reading (performance.now()) that is scenario time 0 (default: now). Emulated
   * providers in the same process given the same epoch run their incident schedule in step.
   */
  readonly epochMs?: number;
  /** Receives an error thrown by a timer callback (default: kept by the RealScheduler, see there). */
  readonly onCallbackError?: (err: unknown) => void;
}

/**
 * A load run of the scenario's traffic against `baseUrl`: the simulator's traffic stream (same
 * requests, ids and token counts as `run` draws under the seed) replayed open-loop. `stop()`
 * ends it early; `done` resolves with the summary (the HTTP client closed).
 */
export function startLoad(o: StartLoadOptions): { stop: () => void; done: Promise<LoadResult> } {
  const scenario = o.durationS === undefined || o.durationS >= o.scenario.durationS ? o.scenario : { ...o.scenario, durationS: o.durationS };
  const seed = String(o.seed ?? scenario.seed);
  const horizonMs = scenario.durationS * 1000;
  const deployments = buildDeployments(scenario);
  const trafficRng = createRng(seed).fork('traffic');
  const source = withStreaming(createTrafficSource(scenario, trafficRng, horizonMs), scenario.traffic.streamFraction, trafficRng);
  const dispatcher = new Agent({ keepAliveTimeout: 10_000, connections: null });
  const replayer = new OpenLoopReplayer({
    scenario, seed, deployments, source, timeScale: o.timeScale, baseUrl: o.baseUrl.replace(/\/+$/, ''),
    model: o.model ?? deployments[0].modelId, headers: o.headers ?? {}, dispatcher, clock: new RealScheduler({ onCallbackError: o.onCallbackError, epochMs: o.epochMs }), horizonMs,
    maxRequests: o.maxRequests ?? Infinity, maxInFlight: o.maxInFlight ?? Infinity, onRecord: o.onRecord,
  });
  const done = replayer.run().finally(() => dispatcher.destroy());
  return { stop: () => replayer.stop(), done };
}
