import type { Scenario } from '../../config/scenario-schema.js';
import { RealScheduler } from '../../core/real-scheduler.js';
import { ScaledScheduler } from '../../core/scaled-scheduler.js';
import type { RouterEvent } from '../../routing/events.js';
import type { RouteResult } from '../../routing/types.js';
import { startGateway } from '../gateway/gateway-server.js';
import { makeUpstream } from '../gateway/upstream.js';
import type { LoadRecord } from '../load/load-record.js';
import type { LoadResult } from '../load/open-loop-replayer.js';
import { startLoad } from '../load/start-load.js';
import { EmulatedProviders } from '../providers/emulated-providers.js';
import { startProviderServer } from '../providers/provider-server.js';
import type { IncidentWindow } from '../../sim/world/incident-timeline.js';
import type { RequestLogRecord, RequestLogWriter } from '../request-log/request-log-record.js';

export interface LiveRunOptions {
  readonly scenario: Scenario;
  readonly strategy: string;
  readonly seed: string;
  readonly timeScale: number;
  /** Replay only the first S scenario seconds. */
  readonly durationS?: number;
  readonly unixNowMs: () => number;
  /** The wall-clock reading (a RealScheduler timers reading) that is scenario time 0 for providers, gateway and load alike. */
  readonly epochMs: number;
  /** Real ms between emulated stream chunks (coalescing). */
  readonly minChunkIntervalMs?: number;
  /** The gateway's request log (JSONL), as `routesim gateway --request-log` writes it. */
  readonly requestLog?: RequestLogWriter;
}

export interface LiveRequest {
  readonly record: RequestLogRecord;
  readonly result: RouteResult;
  /** Attempts as the gateway's router ended them (its explain records, as the simulator's). */
  readonly explained: readonly { readonly attemptNo: number; readonly deploymentId: string; readonly kind: string }[];
}

export interface LiveRun {
  readonly load: LoadResult;
  /** By routesim request id (the simulator's id, which the load replayer sends). */
  readonly requests: ReadonlyMap<number, LiveRequest>;
  /** What the emulated providers billed (their ledger: the simulator's billing rules). */
  readonly billedCostUsd: number;
  /** Router announcements with their time on the gateway's clock (scenario ms from the common start). */
  readonly routerEvents: readonly RouterEvent[];
  /** The providers' incident windows as the emulation scheduled them (the simulator's, same seed). */
  readonly incidents: readonly IncidentWindow[];
  /** What the load replayer measured per request (scenario ms from the due time). */
  readonly loadRecords: ReadonlyMap<number, LoadRecord>;
}

/**
 * The scenario live on loopback: its providers emulated over HTTP, the gateway with its router
 * in front of them, and its traffic replayed open-loop into the gateway, all on one scaled wall
 * clock started together (time 0 is the same instant for the three), so a request due at t
 * simulated ms is sent at t / k real ms and the providers' incidents happen when the
 * simulator's do. Everything listens on 127.0.0.1, ephemeral ports, and is closed at the end.
 */
export async function runLive(o: LiveRunOptions): Promise<LiveRun> {
  const wall = new RealScheduler({ epochMs: o.epochMs });
  const clock = new ScaledScheduler(wall, o.timeScale);
  const world = new EmulatedProviders(o.scenario, o.seed, clock);
  let freshId = 2 ** 41;
  const providers = await startProviderServer(world, {
    host: '127.0.0.1', port: 0, clock, minChunkIntervalMs: o.minChunkIntervalMs ?? 2,
    unixNowS: () => Math.floor(o.unixNowMs() / 1000), freshRequestId: () => freshId++,
  });
  const requests = new Map<number, LiveRequest>();
  const routerEvents: RouterEvent[] = [];
  const loadRecords = new Map<number, LoadRecord>();
  try {
    const upstreams = new Map(providers.endpoints.providers.map((p) => [p.id, makeUpstream(p.id, p.baseUrl, { healthUrl: p.healthUrl })]));
    const gateway = await startGateway({
      scenario: o.scenario, strategy: o.strategy, seed: o.seed, upstreams, clock, wall, timeScale: o.timeScale,
      unixNowMs: o.unixNowMs, host: '127.0.0.1', port: 0, requestLog: o.requestLog,
      onRequestDone: (record, result, explained) => requests.set(Number(record.requestId), { record, result, explained }),
      onRouterEvent: (e) => routerEvents.push(e),
    });
    try {
      const load = await startLoad({ scenario: o.scenario, seed: o.seed, timeScale: o.timeScale, baseUrl: `${gateway.url}/v1`, durationS: o.durationS, epochMs: o.epochMs, onRecord: (r) => loadRecords.set(r.id, r) }).done;
      const incidents = [...world.providers.values()].flatMap((p) => p.incidents);
      return { load, requests, billedCostUsd: world.ledgerReport().totalCostUsd, routerEvents, incidents, loadRecords };
    } finally {
      await gateway.close(0);
    }
  } finally {
    await providers.close();
  }
}
