import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { listenOn } from '../http-listen.js';
import { Agent } from 'undici';
import type { Scenario } from '../../config/scenario-schema.js';
import { strategyParamsFor } from '../../config/strategy-params.js';
import { createRng } from '../../core/rng.js';
import type { Scheduler } from '../../core/ports.js';
import { Router } from '../../routing/router.js';
import { createStrategy } from '../../routing/strategies/registry.js';
import type { RouteRequest, RouteResult } from '../../routing/types.js';
import { buildDeployments } from '../../sim/world/build-deployments.js';
import { chatRequestSchema } from '../wire/chat-request.js';
import { headerInt, REQUEST_ID_HEADER } from '../wire/routesim-headers.js';
import { openAiError } from '../wire/error-body.js';
import { BodyError, readJsonBody } from '../providers/read-json-body.js';
import { sendJson } from '../providers/send-json.js';
import type { RequestLogRecord, RequestLogWriter } from '../request-log/request-log-record.js';
import type { RouterEvent } from '../../routing/events.js';
import type { ExplainSink } from '../../routing/explain.js';
import type { GatewayExchange } from './gateway-exchange.js';
import { GatewayMetrics } from './gateway-metrics.js';
import { logRecordOf, replyTo } from './gateway-reply.js';
import { routeRequestOf } from './gateway-request.js';
import { UpstreamTransport } from './upstream-transport.js';
import type { Upstream } from './upstream.js';

const MAX_BODY_BYTES = 16 * 1024 * 1024;
/** Gateway request ids start here, far from any simulated request id a replayer sends. */
const GATEWAY_ID_BASE = 2 ** 40;

export interface GatewayOptions {
  readonly scenario: Scenario;
  /** Overrides router.strategy. */
  readonly strategy?: string;
  readonly seed?: string | number;
  readonly upstreams: ReadonlyMap<string, Upstream>;
  /** The router's clock: a RealScheduler, or a ScaledScheduler over one (simulated ms). */
  readonly clock: Scheduler;
  /** Real time on the same wall clock, for the drain limit. */
  readonly wall: Scheduler;
  readonly timeScale: number;
  readonly unixNowMs: () => number;
  readonly host: string;
  readonly port: number;
  readonly requestLog?: RequestLogWriter;
  /** Every finished request: its log record and the router's result (for live-vs-sim comparisons). */
  readonly onRequestDone?: (record: RequestLogRecord, result: RouteResult, explained: GatewayExchange['explained']) => void;
  /** The router's health, breaker and panic announcements, besides /metrics. */
  readonly onRouterEvent?: (e: RouterEvent) => void;
  /** Cap on upstream connections per origin (undici pool size); default none. */
  readonly connectionsPerUpstream?: number | null;
}

export interface RunningGateway {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly router: Router;
  readonly metrics: GatewayMetrics;
  readonly inFlight: () => number;
  /**
   * Stops accepting, lets requests in flight finish for at most `drainRealMs`, cancels the
   * rest, then closes every connection. Resolves with how many were cancelled; a second call
   * gets the first one's promise.
   */
  close(drainRealMs?: number): Promise<number>;
}

/**
 * The OpenAI-compatible gateway: `POST /v1/chat/completions` (streamed and not) routed by
 * routesim's Router — the strategies, health checks, breakers, retries, fallbacks and hedging
 * the simulator runs — over an UpstreamTransport; `GET /v1/models`, `/healthz`, `/metrics`.
 */
export async function startGateway(o: GatewayOptions): Promise<RunningGateway> {
  const deployments = buildDeployments(o.scenario);
  const strategyName = o.strategy ?? o.scenario.router.strategy;
  const strategy = createStrategy(strategyName, strategyParamsFor(o.scenario, strategyName), { deployments });
  const metrics = new GatewayMetrics(deployments);
  const exchanges = new Map<number, GatewayExchange>();
  // No cap on connections per origin by default: a capped pool queues attempts inside the
  // client (invisible to the router's timers and stats), and several upstreams may share one
  // origin (one emulated server, one proxy). A request in flight needs its own HTTP/1.1 connection.
  const dispatcher = new Agent({ connections: o.connectionsPerUpstream ?? null, keepAliveTimeout: 30_000 });
  const transport = new UpstreamTransport({
    dispatcher, clock: o.clock, timeScale: o.timeScale, unixNowMs: o.unixNowMs, upstreams: o.upstreams, exchanges,
    onAttemptEnded: (d, outcome) => metrics.onAttempt(d, outcome),
  });
  const rng = createRng(String(o.seed ?? o.scenario.seed));
  // The router says how each attempt ended in its own terms (a timeout it enforced is a cancel
  // at the transport): the log records the router's kind, as the simulator's explain does.
  const explain: ExplainSink = {
    wants: () => true,
    attemptsOnly: true,
    decision: () => {},
    attempt: (a) => {
      const ex = exchanges.get(a.requestId);
      if (ex === undefined) return;
      ex.explained.push({ attemptNo: a.attemptNo, deploymentId: a.deploymentId, kind: a.kind });
      const rec = ex.attempts.find((x) => x.attemptNo === a.attemptNo);
      if (rec !== undefined) rec.outcome = a.kind;
    },
    finished: () => {},
  };
  const router = new Router({
    explain,
    scheduler: o.clock, rng: rng.fork('router'), deployments, config: o.scenario.router, strategy, transport,
    sink: o.onRouterEvent === undefined ? metrics.onRouterEvent : (e) => (metrics.onRouterEvent(e), o.onRouterEvent!(e)),
  });
  let nextId = GATEWAY_ID_BASE;
  let draining = false;
  let drained: (() => void) | undefined;

  const routed = (r: RouteResult, req: RouteRequest) => {
    const ex = exchanges.get(req.id);
    if (ex === undefined) return;
    exchanges.delete(req.id);
    ex.finished = true;
    metrics.inFlight.dec();
    replyTo(ex, r);
    const record = logRecordOf(ex, r, ex.body.model);
    metrics.onRequest(record.outcome, record.latencyMs, record.ttftMs);
    o.requestLog?.append(record);
    o.onRequestDone?.(record, r, ex.explained);
    if (exchanges.size === 0) drained?.();
  };

  const chat = async (httpReq: IncomingMessage, res: ServerResponse) => {
    const parsed = chatRequestSchema.safeParse(await readJsonBody(httpReq, MAX_BODY_BYTES));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const param = issue.path.join('.') || null;
      return sendJson(res, 400, openAiError(`${param ?? 'body'}: ${issue.message}`, 'invalid_request_error', null, param));
    }
    if (draining) return sendJson(res, 503, openAiError('routesim gateway is shutting down', 'server_error', 'draining'), { connection: 'close' });
    // The client's routesim request id when it sent one (the simulator keys the request's draws by
    // it, and an emulated provider its luck), unless that id is in flight already.
    const clientId = headerInt(httpReq.headers[REQUEST_ID_HEADER]);
    const id = clientId !== undefined && clientId < GATEWAY_ID_BASE && !exchanges.has(clientId) ? clientId : nextId++;
    const read = routeRequestOf(id, o.clock.now(), parsed.data, httpReq.headers);
    const ex: GatewayExchange = {
      req: read.req, body: parsed.data, res, routesimId: String(id), startUnixMs: o.unixNowMs(), startMs: read.req.arrivalMs,
      forwardHeaders: read.forwardHeaders, attempts: [], explained: [], live: 0, streaming: false, finished: false,
    };
    exchanges.set(id, ex);
    metrics.inFlight.inc();
    res.on('close', () => {
      if (!ex.finished) ex.cancel?.();
    });
    ex.cancel = router.route(read.req, routed);
  };

  const handle = async (httpReq: IncomingMessage, res: ServerResponse) => {
    const path = (httpReq.url ?? '/').split('?')[0];
    if (httpReq.method === 'POST' && path === '/v1/chat/completions') return chat(httpReq, res);
    if (httpReq.method === 'GET' && path === '/v1/models') {
      return sendJson(res, 200, { object: 'list', data: deployments.map((d) => ({ id: d.id, object: 'model', created: 0, owned_by: d.providerId })) });
    }
    if (httpReq.method === 'GET' && path === '/healthz') {
      return sendJson(res, draining ? 503 : 200, { status: draining ? 'draining' : 'ok', strategy: strategyName, inFlight: exchanges.size });
    }
    if (httpReq.method === 'GET' && path === '/metrics') {
      const text = await metrics.text();
      res.writeHead(200, { 'content-type': metrics.registry.contentType });
      return void res.end(text);
    }
    return sendJson(res, 404, openAiError(`no such endpoint ${httpReq.method} ${path}`, 'invalid_request_error', 'unknown_url'));
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      const status = err instanceof BodyError ? err.status : 500;
      if (!res.headersSent) sendJson(res, status, openAiError(err instanceof Error ? err.message : String(err), status === 500 ? 'server_error' : 'invalid_request_error'));
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 60_000;
  const at = await listenOn(server, o.host, o.port);
  router.start();

  let closing: Promise<number> | undefined;
  const close = (drainRealMs = 10_000): Promise<number> => (closing ??= shutDown(drainRealMs));
  const shutDown = async (drainRealMs: number): Promise<number> => {
    draining = true;
    const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    if (exchanges.size > 0) {
      await new Promise<void>((resolve) => {
        const cancelTimer = o.wall.schedule(drainRealMs, resolve);
        drained = () => {
          cancelTimer();
          resolve();
        };
      });
    }
    const cancelled = exchanges.size;
    for (const ex of [...exchanges.values()]) ex.cancel?.();
    router.stop();
    server.closeAllConnections();
    await stopped;
    await dispatcher.close();
    return cancelled;
  };

  return { url: at.root, host: at.host, port: at.port, router, metrics, inFlight: () => exchanges.size, close };
}
