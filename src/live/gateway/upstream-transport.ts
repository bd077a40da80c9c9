import { EventEmitter } from 'node:events';
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import type { Dispatcher } from 'undici';
import type { Cancel, Scheduler } from '../../core/ports.js';
import type { AttemptDone, AttemptOutcome, AttemptOutcomeKind, Deployment, FirstTokenArrived, RouteRequest, Transport } from '../../routing/types.js';
import { attemptPriceUsd } from '../../sim/world/attempt-price.js';
import { ATTEMPT_HEADER, DEPLOYMENT_HEADER, REQUEST_ID_HEADER } from '../wire/routesim-headers.js';
import { outcomeKindOfStatus } from '../wire/status-outcome.js';
import { countWords } from '../wire/chat-request.js';
import { errorCodeOf } from '../wire/error-body.js';
import type { GatewayExchange } from './gateway-exchange.js';
import { retryAfterRealMs } from './retry-after.js';
import { upstreamModelOf, type Upstream } from './upstream.js';

/** Error bodies longer than this are cut (a 4xx passed through keeps its first 64 KiB). */
const MAX_ERROR_BODY_CHARS = 64 * 1024;

export interface UpstreamTransportOptions {
  readonly dispatcher: Dispatcher;
  /** The router's clock (simulated ms when scaled): latencies are measured on it. */
  readonly clock: Scheduler;
  /** Real ms → clock ms (the time scale k; 1 on a plain wall clock). Retry-After is real time. */
  readonly timeScale: number;
  readonly unixNowMs: () => number;
  readonly upstreams: ReadonlyMap<string, Upstream>;
  readonly exchanges: ReadonlyMap<number, GatewayExchange>;
  /** Every ended attempt (outcome and deployment), for metrics. */
  readonly onAttemptEnded?: (deployment: Deployment, outcome: AttemptOutcome) => void;
}

interface UsageJson {
  prompt_tokens?: number;
  completion_tokens?: number;
  prompt_tokens_details?: { cached_tokens?: number } | null;
}

/**
 * The router's Transport over HTTP: one undici request per attempt to the deployment's
 * upstream, with the client's body (model renamed to the upstream's), the API key, and the
 * routesim request id and attempt number (an emulated provider draws the simulator's luck for
 * that pair). Status, headers and body become an AttemptOutcome: 429 with its Retry-After (every
 * form, see retry-after.ts), 503/529 overloaded, 408/504 timeout, 413 or context_length_exceeded,
 * other 4xx client-error (kept to pass through unchanged), other 5xx server-error; a refused or
 * reset connection before the answer is a connection-error, after the first token a broken stream.
 *
 * Streams: bytes are buffered until the first content token, then `onFirstToken` tells the
 * router; if the router committed to this attempt (did not cancel it meanwhile) the buffer and
 * everything after it are piped to the client. Never calls back synchronously: every callback
 * runs from an I/O event.
 */
export class UpstreamTransport implements Transport {
  /** Each upstream's chat completions origin and path, parsed once (not a URL per attempt). */
  private readonly chatTargets = new Map<string, { readonly origin: string; readonly path: string }>();

  constructor(private readonly o: UpstreamTransportOptions) {
    for (const [id, u] of o.upstreams) {
      const url = new URL(`${u.baseUrl}/chat/completions`);
      this.chatTargets.set(id, { origin: url.origin, path: url.pathname + url.search });
    }
  }

  send<T>(deployment: Deployment, req: RouteRequest, attemptNo: number, onDone: AttemptDone<T>, token: T, onFirstToken?: FirstTokenArrived<T>): Cancel {
    const { clock } = this.o;
    const ex = this.o.exchanges.get(req.id)!;
    const upstream = this.o.upstreams.get(deployment.providerId)!;
    const sentMs = clock.now();
    const record = {
      attemptNo,
      deployment: deployment.id,
      'gen_ai.provider.name': deployment.providerId,
      'server.address': upstream.serverAddress,
      startOffsetMs: Math.max(0, sentMs - ex.startMs),
      ttftMs: null as number | null,
      latencyMs: 0,
      outcome: 'cancelled' as string,
      'http.response.status_code': null as number | null,
      retryAfterMs: null as number | null,
      'gen_ai.usage.input_tokens': 0,
      'gen_ai.usage.output_tokens': 0,
      costUsd: 0,
      hedge: ex.live > 0,
    };
    ex.attempts.push(record);
    ex.live++;
    // undici takes an EventEmitter as the abort signal (documented beside AbortSignal): much
    // cheaper to make per attempt than an AbortController, whose EventTarget showed in profiles.
    const abort = new EventEmitter();
    let ended = false;
    let firstTokenMs: number | undefined;
    let lastTokenMs = sentMs;
    let usage: UsageJson | undefined;
    let outputTokens = 0;
    let status: number | undefined;
    let retryAfterMs: number | undefined;
    let piping = false;

    const end = (kind: AttemptOutcomeKind, report: boolean) => {
      if (ended) return;
      ended = true;
      ex.live--;
      const nowMs = clock.now();
      const inputTokens = usage?.prompt_tokens ?? req.inputTokens;
      const out = usage?.completion_tokens ?? outputTokens;
      const billed = kind === 'success' || firstTokenMs !== undefined;
      const costUsd = billed ? attemptPriceUsd(deployment, inputTokens, out, usage?.prompt_tokens_details?.cached_tokens ?? 0) : 0;
      const outcome: AttemptOutcome = {
        kind, latencyMs: nowMs - sentMs, inputTokens, outputTokens: out, costUsd,
        ...(firstTokenMs === undefined ? {} : { ttftMs: firstTokenMs - sentMs }),
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
        // An error status as the upstream said it (408 vs 504, 529), so router.statusRules match it;
        // a stream broken after its 200 carries none (the kind's nominal status stands).
        ...(status === undefined || (status >= 200 && status < 300) ? {} : { statusCode: status }),
        ...(usage?.prompt_tokens_details?.cached_tokens ? { cachedInputTokens: usage.prompt_tokens_details.cached_tokens } : {}),
      };
      Object.assign(record, {
        ttftMs: outcome.ttftMs ?? null, latencyMs: outcome.latencyMs, outcome: kind,
        'http.response.status_code': status ?? null, retryAfterMs: retryAfterMs ?? null,
        'gen_ai.usage.input_tokens': inputTokens, 'gen_ai.usage.output_tokens': out, costUsd,
      });
      this.o.onAttemptEnded?.(deployment, outcome);
      if (report) onDone(outcome, token);
    };

    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: req.stream ? 'text/event-stream' : 'application/json',
      [REQUEST_ID_HEADER]: ex.routesimId,
      [ATTEMPT_HEADER]: String(attemptNo),
      ...ex.forwardHeaders,
    };
    if (upstream.apiKey !== undefined) headers.authorization = `Bearer ${upstream.apiKey}`;
    const body = JSON.stringify({
      ...ex.body,
      model: upstreamModelOf(upstream, deployment),
      ...(req.stream ? { stream: true, stream_options: { ...(ex.body.stream_options ?? {}), include_usage: true } } : {}),
    });
    const target = this.chatTargets.get(deployment.providerId)!;
    this.o.dispatcher
      .request({ origin: target.origin, path: target.path, method: 'POST', headers, body, signal: abort })
      .then(async (res) => {
        status = res.statusCode;
        if (status < 200 || status >= 300) {
          const text = (await res.body.text()).slice(0, MAX_ERROR_BODY_CHARS);
          const kind = outcomeKindOfStatus(status, errorCodeOf(text));
          const waitRealMs = retryAfterRealMs(res.headers, this.o.unixNowMs());
          if (waitRealMs !== undefined) retryAfterMs = waitRealMs * this.o.timeScale;
          if (kind === 'client-error' || kind === 'context-exceeded') {
            ex.passThrough = { status, contentType: String(res.headers['content-type'] ?? 'application/json'), body: text };
          }
          return end(kind, true);
        }
        if (!req.stream) {
          const text = await res.body.text();
          const json = JSON.parse(text) as { model?: string; usage?: UsageJson };
          usage = json.usage;
          firstTokenMs = clock.now();
          if (ended) return;
          ex.successBody = text;
          ex.responseModel = json.model;
          return end('success', true);
        }
        let sawDone = false;
        const buffered: Buffer[] = [];
        // Stream mode: a character split between two pieces is decoded whole (the client gets the bytes as sent).
        const utf8 = new TextDecoder();
        const parser = createParser({
          onEvent: (e: EventSourceMessage) => {
            if (e.data === '[DONE]') {
              sawDone = true;
              return;
            }
            const chunk = JSON.parse(e.data) as { model?: string; usage?: UsageJson | null; choices?: { delta?: { content?: string | null } }[] };
            if (chunk.usage) usage = chunk.usage;
            if (chunk.model) ex.responseModel ??= chunk.model;
            const content = chunk.choices?.[0]?.delta?.content;
            if (content) {
              lastTokenMs = clock.now();
              outputTokens += countWords(content);
              firstTokenMs ??= lastTokenMs;
            }
          },
        });
        for await (const piece of res.body) {
          if (ended) return;
          const bytes = piece as Buffer;
          const hadFirst = firstTokenMs !== undefined;
          parser.feed(utf8.decode(bytes, { stream: true }));
          if (piping) {
            ex.res.write(bytes);
            continue;
          }
          buffered.push(bytes);
          if (!hadFirst && firstTokenMs !== undefined && onFirstToken) {
            onFirstToken(token, { lastTokenAtMs: () => lastTokenMs });
            if (ended) return; // the router chose another attempt and cancelled this one
            piping = true;
            ex.committedAttemptNo = attemptNo;
            if (!ex.streaming && !ex.finished) {
              ex.streaming = true;
              ex.res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', [DEPLOYMENT_HEADER]: deployment.id });
            }
            ex.res.write(Buffer.concat(buffered));
            buffered.length = 0;
          }
        }
        end(sawDone ? 'success' : 'server-error', true);
      })
      .catch((err: unknown) => {
        if (ended) return;
        end(kindOfError(err, status !== undefined || firstTokenMs !== undefined), true);
      });
    return () => {
      if (ended) return;
      end('cancelled', false);
      abort.emit('abort');
    };
  }

  probe(deployment: Deployment, onDone: (ok: boolean) => void): Cancel {
    const upstream = this.o.upstreams.get(deployment.providerId)!;
    const abort = new AbortController();
    let cancelled = false;
    const url = new URL(upstream.healthUrl);
    const headers: Record<string, string> = upstream.apiKey === undefined ? {} : { authorization: `Bearer ${upstream.apiKey}` };
    this.o.dispatcher
      .request({ origin: url.origin, path: url.pathname + url.search, method: 'GET', headers, signal: abort.signal })
      .then(async (res) => {
        await res.body.dump();
        if (!cancelled) onDone(res.statusCode >= 200 && res.statusCode < 300);
      })
      .catch(() => {
        if (!cancelled) onDone(false);
      });
    return () => {
      cancelled = true;
      abort.abort();
    };
  }
}

/** undici's and the socket's error codes: timeouts, refused/reset connections, anything else a server error. */
function kindOfError(err: unknown, answered: boolean): AttemptOutcomeKind {
  const code = (err as { code?: string }).code ?? '';
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'ETIMEDOUT') return 'timeout';
  if (answered) return 'server-error';
  return 'connection-error';
}
