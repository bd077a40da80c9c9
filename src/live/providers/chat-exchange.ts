import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { Cancel } from '../../core/ports.js';
import type { ScaledScheduler } from '../../core/scaled-scheduler.js';
import type { AttemptOutcome, RouteRequest, StreamProgress } from '../../routing/types.js';
import { SimStream } from '../../sim/world/sim-stream.js';
import type { ChatRequest } from '../wire/chat-request.js';
import { countPromptWords } from '../wire/chat-request.js';
import { chunkBody, completionBody, usageChunkBody, usageOf } from '../wire/completion-body.js';
import { errorReplyFor } from '../wire/error-body.js';
import { ATTEMPT_HEADER, headerHashes, headerInt, INPUT_TOKENS_HEADER, OUTPUT_TOKENS_HEADER, PREFIX_HASHES_HEADER, REQUEST_ID_HEADER } from '../wire/routesim-headers.js';
import { endSse, writeSseData, writeSseHead } from '../wire/sse-writer.js';
import type { AttemptKeys } from './attempt-keys.js';
import type { EmulatedProvider } from './emulated-providers.js';
import { rateLimitHeaders } from './rate-limit-headers.js';
import { sendJson } from './send-json.js';

/** Output tokens when the request names none (no header, no max_tokens). */
export const DEFAULT_OUTPUT_TOKENS = 256;

export interface ExchangeOptions {
  /** Simulated time on the wall clock (the providers' clock). */
  readonly clock: ScaledScheduler;
  /** Streamed tokens are sent in chunks at least this many real ms apart (a fast time scale must not flood the loop). */
  readonly minChunkIntervalMs: number;
  /** Unix seconds for the bodies' `created` field. */
  readonly unixNowS: () => number;
  /** A request id for a request that names none: fresh luck, still from the seed. */
  readonly freshRequestId: () => number;
}

/**
 * One chat completion served by an emulated provider: the attempt goes through the provider's
 * model (slots, queue, limits, latency, errors, incidents) and its outcome becomes HTTP — a
 * body, an SSE stream paced token by token, an error status, a hang (timeout) or a socket
 * reset (connection error). The client hanging up cancels the attempt, as in the simulator.
 */
export function serveChat(provider: EmulatedProvider, attempts: AttemptKeys, modelId: string, body: ChatRequest, headers: IncomingHttpHeaders, res: ServerResponse, opts: ExchangeOptions): void {
  const clock = opts.clock;
  const entry = provider.ledger.find((e) => e.modelId === modelId);
  if (entry !== undefined) entry.attemptsReceived++;
  const requestId = headerInt(headers[REQUEST_ID_HEADER]) ?? opts.freshRequestId();
  const attemptNo = attempts.claim(requestId, headerInt(headers[ATTEMPT_HEADER]) ?? 0);
  const stream = body.stream === true;
  const hashes = headerHashes(headers[PREFIX_HASHES_HEADER]);
  const req: RouteRequest = {
    id: requestId,
    arrivalMs: clock.now(),
    inputTokens: headerInt(headers[INPUT_TOKENS_HEADER]) ?? countPromptWords(body),
    expectedOutputTokens: headerInt(headers[OUTPUT_TOKENS_HEADER]) ?? body.max_completion_tokens ?? body.max_tokens ?? DEFAULT_OUTPUT_TOKENS,
    qualityTier: 'medium',
    ...(stream ? { stream } : {}),
    ...(hashes === undefined ? {} : { prefixHashes: hashes }),
  };
  const completionId = `chatcmpl-${provider.id}-${requestId}-${attemptNo}`;
  const createdS = opts.unixNowS();
  const includeUsage = body.stream_options?.include_usage === true;
  let finished = false;
  let sent = 0;
  let progress: SimStream | undefined;
  let cancelTick: Cancel | undefined;

  const tick = () => {
    cancelTick = undefined;
    if (finished || progress === undefined) return;
    const n = progress.tokensReceived(req.expectedOutputTokens);
    if (n > sent) {
      writeSseData(res, chunkBody(completionId, modelId, createdS, n - sent, false));
      sent = n;
    }
    if (clock.now() < progress.stopAtMs && n < req.expectedOutputTokens) armTick();
  };
  const armTick = () => {
    // Every token's pace, but never more often than the minimum real interval.
    const delayMs = Math.max(progress!.perTokenMs, opts.minChunkIntervalMs * clock.timeScale);
    cancelTick = clock.schedule(delayMs, tick);
  };

  const onFirstToken = (_token: undefined, p: StreamProgress) => {
    if (finished) return;
    progress = p instanceof SimStream ? p : undefined;
    writeSseHead(res, { 'x-request-id': completionId, ...rateLimitHeaders(provider, clock) });
    writeSseData(res, chunkBody(completionId, modelId, createdS, 1, true));
    sent = 1;
    if (progress !== undefined) armTick();
  };

  const onDone = (o: AttemptOutcome) => {
    finished = true;
    cancelTick?.();
    if (res.headersSent) return finishStream(o);
    if (o.kind === 'success') {
      sendJson(res, 200, completionBody(completionId, modelId, createdS, o.outputTokens, usageOf(o.inputTokens, o.outputTokens, o.cachedInputTokens ?? 0)), {
        'x-request-id': completionId, ...rateLimitHeaders(provider, clock),
      });
      return;
    }
    const reply = errorReplyFor(o.kind);
    if (reply === undefined) return resetSocket(res); // connection error: the socket is reset
    const extra: Record<string, string> = o.kind === 'rate-limited' ? retryAfterHeaders(o.retryAfterMs ?? 1000, clock) : {};
    sendJson(res, reply.status, reply.body, { ...extra, ...(o.kind === 'rate-limited' ? rateLimitHeaders(provider, clock) : {}) });
  };

  const finishStream = (o: AttemptOutcome) => {
    const upTo = o.kind === 'success' ? req.expectedOutputTokens : o.outputTokens;
    if (upTo > sent) writeSseData(res, chunkBody(completionId, modelId, createdS, upTo - sent, false));
    sent = Math.max(sent, upTo);
    if (o.kind !== 'success') return resetSocket(res); // a mid-stream break
    writeSseData(res, chunkBody(completionId, modelId, createdS, 0, false, 'stop'));
    if (includeUsage) writeSseData(res, usageChunkBody(completionId, modelId, createdS, usageOf(o.inputTokens, o.outputTokens, o.cachedInputTokens ?? 0)));
    endSse(res);
  };

  const cancel = provider.sim.submit(modelId, req, attemptNo, onDone, undefined, stream ? onFirstToken : undefined);
  // The client gave up (its timeout, a hedge it cancelled, Ctrl-C): the attempt is cancelled.
  res.on('close', () => {
    if (finished && res.writableFinished) return;
    finished = true;
    cancelTick?.();
    cancel();
  });
}

/** Retry-After as OpenAI and most gateways read it: whole seconds, plus exact milliseconds — both real time. */
function retryAfterHeaders(retryAfterSimMs: number, clock: ScaledScheduler): Record<string, string> {
  const realMs = clock.toRealMs(retryAfterSimMs);
  return { 'retry-after': String(Math.max(1, Math.ceil(realMs / 1000))), 'retry-after-ms': String(Math.max(1, Math.ceil(realMs))) };
}

/** A TCP reset, as a dropped connection looks to the client. */
function resetSocket(res: ServerResponse): void {
  const socket = res.socket;
  if (socket === null) return;
  if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
  else socket.destroy();
}

