import { createParser, type EventSourceMessage } from 'eventsource-parser';
import type { Dispatcher } from 'undici';
import type { Cancel, Scheduler } from '../../core/ports.js';
import type { AttemptOutcomeKind, RouteRequest } from '../../routing/types.js';
import { countWords } from '../wire/chat-request.js';
import { tokensText } from '../wire/completion-body.js';
import {
  ATTEMPT_HEADER, CATEGORY_HEADER, encodeHeaderName, INPUT_TOKENS_HEADER, OUTPUT_TOKENS_HEADER, PREFIX_HASHES_HEADER, PRIORITY_HEADER, QUALITY_TIER_HEADER,
  REQUEST_ID_HEADER, TENANT_HEADER,
} from '../wire/routesim-headers.js';
import { outcomeKindOfStatus } from '../wire/status-outcome.js';
import { errorCodeOf } from '../wire/error-body.js';

/** What the client saw of one chat completion (times in real ms on the given clock). */
export interface ChatMeasure {
  readonly kind: AttemptOutcomeKind;
  readonly status?: number;
  /** Send to first content token (streamed) or to the whole body (not streamed). */
  readonly ttftRealMs?: number;
  readonly latencyRealMs: number;
  /** A streamed answer broke after its first token (mid-stream break, or a stall ended by the deadline). */
  readonly afterFirstToken: boolean;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly cachedInputTokens: number;
  /** The body's `id` and `model` (which provider and model answered, when the target says). */
  readonly responseId?: string;
  readonly responseModel?: string;
  readonly error?: string;
}

export interface SendChatOptions {
  readonly dispatcher: Dispatcher;
  /** Base URL, e.g. http://127.0.0.1:8400/openai/v1 */
  readonly baseUrl: string;
  readonly model: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Real ms after which the client gives up (the scenario's request deadline at the time scale). */
  readonly deadlineRealMs: number;
  readonly clock: Scheduler;
}

interface UsageJson {
  prompt_tokens?: number;
  completion_tokens?: number;
  prompt_tokens_details?: { cached_tokens?: number } | null;
}

/**
 * Sends one request as an OpenAI chat completion: a prompt of `inputTokens` words (one word,
 * one token, for the emulated providers' count) with the token counts and the routesim
 * request id and attempt in headers, `max_tokens` = expected output tokens, streamed when the
 * request is. Calls `onDone` once with what was measured; the Cancel aborts it.
 */
export function sendChat(req: RouteRequest, attemptNo: number, opts: SendChatOptions, onDone: (m: ChatMeasure) => void): Cancel {
  const clock = opts.clock;
  const startMs = clock.now();
  const abort = new AbortController();
  let done = false;
  let firstTokenMs: number | undefined;
  let outputTokens = 0;
  let usage: UsageJson | undefined;
  let responseId: string | undefined;
  let responseModel: string | undefined;
  let status: number | undefined;
  let timedOut = false;
  const finish = (kind: AttemptOutcomeKind, error?: string) => {
    if (done) return;
    done = true;
    cancelDeadline();
    onDone({
      kind, status, error, responseId, responseModel,
      ttftRealMs: firstTokenMs === undefined ? undefined : firstTokenMs - startMs,
      latencyRealMs: clock.now() - startMs,
      afterFirstToken: firstTokenMs !== undefined && kind !== 'success',
      inputTokens: usage?.prompt_tokens ?? req.inputTokens,
      outputTokens: usage?.completion_tokens ?? outputTokens,
      cachedInputTokens: usage?.prompt_tokens_details?.cached_tokens ?? 0,
    });
  };
  const cancelDeadline = clock.schedule(opts.deadlineRealMs, () => {
    timedOut = true;
    abort.abort();
    finish('timeout', 'deadline');
  });
  const stream = req.stream === true;
  const body = JSON.stringify({
    model: opts.model,
    messages: [{ role: 'user', content: promptOf(req.inputTokens) }],
    max_tokens: req.expectedOutputTokens,
    stream,
    ...(stream ? { stream_options: { include_usage: true } } : {}),
  });
  const url = new URL(`${opts.baseUrl.replace(/\/+$/, '')}/chat/completions`);
  opts.dispatcher.request({
    origin: url.origin,
    path: url.pathname + url.search,
    method: 'POST',
    signal: abort.signal,
    headers: {
      'content-type': 'application/json',
      [REQUEST_ID_HEADER]: String(req.id),
      [ATTEMPT_HEADER]: String(attemptNo),
      [INPUT_TOKENS_HEADER]: String(req.inputTokens),
      [OUTPUT_TOKENS_HEADER]: String(req.expectedOutputTokens),
      [QUALITY_TIER_HEADER]: req.qualityTier,
      ...(req.prefixHashes === undefined ? {} : { [PREFIX_HASHES_HEADER]: req.prefixHashes.join(',') }),
      ...(req.tenant === undefined ? {} : { [TENANT_HEADER]: encodeHeaderName(req.tenant) }),
      ...(req.category === undefined ? {} : { [CATEGORY_HEADER]: encodeHeaderName(req.category) }),
      ...(req.priority === undefined ? {} : { [PRIORITY_HEADER]: String(req.priority) }),
      ...opts.headers,
    },
    body,
  }).then(async (res) => {
    status = res.statusCode;
    if (status < 200 || status >= 300) {
      const text = await res.body.text();
      return finish(outcomeKindOfStatus(status, errorCodeOf(text)), `HTTP ${status}`);
    }
    if (!stream) {
      const json = JSON.parse(await res.body.text()) as { id?: string; model?: string; usage?: UsageJson; choices?: { message?: { content?: string } }[] };
      firstTokenMs = clock.now();
      responseId = json.id;
      responseModel = json.model;
      usage = json.usage;
      outputTokens = countWords(json.choices?.[0]?.message?.content ?? '');
      return finish('success');
    }
    let sawDone = false;
    const parser = createParser({
      onEvent: (e: EventSourceMessage) => {
        const data = e.data;
        if (data === '[DONE]') {
          sawDone = true;
          return;
        }
        // Most chunks only carry tokens: after the first, they are scanned, not parsed (no
        // object per chunk — thousands of streams send ~10^5 chunks/s). The usage chunk is parsed.
        if (firstTokenMs !== undefined && !data.includes('"usage":{')) {
          outputTokens += contentWords(data);
          return;
        }
        const chunk = JSON.parse(data) as { id?: string; model?: string; usage?: UsageJson | null; choices?: { delta?: { content?: string | null } }[] };
        responseId ??= chunk.id;
        responseModel ??= chunk.model;
        if (chunk.usage) usage = chunk.usage;
        const content = chunk.choices?.[0]?.delta?.content;
        if (content) {
          firstTokenMs ??= clock.now();
          outputTokens += countWords(content);
        }
      },
    });
    const body = res.body;
    const utf8 = new TextDecoder(); // stream mode: a character split between two pieces is decoded whole
    await new Promise<void>((resolve, reject) => {
      // A malformed event (not JSON) ends this request as a server error; it must not throw out of an event handler.
      body.on('data', (piece: Buffer) => {
        try {
          parser.feed(utf8.decode(piece, { stream: true }));
        } catch (err) {
          body.destroy();
          reject(err instanceof Error ? new Error(`bad stream event: ${err.message}`) : err);
        }
      });
      body.once('end', resolve);
      body.once('error', reject);
      body.once('close', () => (sawDone ? resolve() : reject(new Error('stream closed before [DONE]'))));
    });
    finish(sawDone ? 'success' : 'server-error', sawDone ? undefined : 'stream ended without [DONE]');
  }).catch((err: unknown) => {
    if (timedOut) return finish('timeout', 'deadline');
    // A reset or refused connection before an answer; after the first token it is a mid-stream break.
    finish(firstTokenMs === undefined && status === undefined ? 'connection-error' : 'server-error', errorText(err));
  });
  return () => {
    if (done) return;
    abort.abort();
    finish('cancelled', 'cancelled');
  };
}

/** A prompt of exactly n words. */
export function promptOf(n: number): string {
  return tokensText(n).trimStart();
}


/** Words of a chunk's `"content":"…"` string, scanned in place (escapes count as letters). */
export function contentWords(data: string): number {
  const at = data.indexOf('"content":"');
  if (at < 0) return 0;
  let n = 0;
  let inWord = false;
  for (let i = at + 11; i < data.length; i++) {
    const c = data.charCodeAt(i);
    if (c === 92) { // backslash: an escaped character is part of a word
      if (!inWord) n++;
      inWord = true;
      i++;
      continue;
    }
    if (c === 34) break; // the closing quote
    const space = c === 32;
    if (!space && !inWord) n++;
    inWord = !space;
  }
  return n;
}

function errorText(err: unknown): string {
  const e = err as { code?: string; message?: string };
  return e.code ?? e.message ?? String(err);
}
