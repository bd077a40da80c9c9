/**
 * Ground truth for calibration tests: request logs written from providers whose behaviour we
 * chose (latency families, error rates, token-bucket RPM/TPM limits as routesim meters them,
 * a hard outage), through a simple router (weighted random first pick, fail over to the next
 * provider, up to `maxRetries` retries). Seeded: the same truth gives the same bytes.
 *
 * Not the simulator: its explain sink sees neither TTFT nor tokens per attempt, so this
 * writes the requests itself, with routesim's own TokenBucket and distributions.
 */
import { createRng } from '../../src/core/rng.js';
import type { Rng } from '../../src/core/ports.js';
import { createDistribution } from '../../src/sim/distributions/create-distribution.js';
import type { Distribution } from '../../src/sim/distributions/distribution.js';
import type { DistributionSpec } from '../../src/sim/distributions/spec.js';
import { TokenBucket } from '../../src/sim/world/token-bucket.js';
import { REQUEST_LOG_SCHEMA, type RequestLogAttempt, type RequestLogRecord } from '../../src/live/request-log/request-log-record.js';

export interface TruthProvider {
  readonly id: string;
  readonly model: string;
  readonly weight: number;
  readonly ttftMs: DistributionSpec;
  readonly msPerOutputToken: DistributionSpec;
  readonly serverErrorRate: number;
  readonly timeoutRate: number;
  readonly connectionErrorRate: number;
  readonly rpm?: number;
  readonly tpm?: number;
  /** Hard down (connection refused) over [startS, endS). */
  readonly outage?: { readonly startS: number; readonly endS: number };
  readonly inputUsdPerMTok: number;
  readonly outputUsdPerMTok: number;
}

export interface Truth {
  readonly seed: string;
  readonly startUnixMs: number;
  /** Piecewise Poisson arrivals: rate holds until untilS. */
  readonly arrivals: readonly { readonly untilS: number; readonly ratePerS: number }[];
  readonly inputTokens: DistributionSpec;
  readonly outputTokens: DistributionSpec;
  readonly providers: readonly TruthProvider[];
  readonly maxRetries: number;
  readonly attemptTimeoutMs: number;
  readonly tenants: readonly string[];
}

interface LiveProvider {
  readonly p: TruthProvider;
  readonly ttft: Distribution;
  readonly perToken: Distribution;
  readonly rpm?: TokenBucket;
  readonly tpm?: TokenBucket;
}

/** Times to the microsecond, as a gateway would log them (and a smaller file). */
const us = (ms: number) => Math.round(ms * 1000) / 1000;

function attemptOn(lp: LiveProvider, atMs: number, tStartMs: number, input: number, output: number, rng: Rng, t: Truth): Omit<RequestLogAttempt, 'attemptNo' | 'startOffsetMs' | 'hedge'> {
  const p = lp.p;
  const base = { deployment: `${p.id}/${p.model}`, 'gen_ai.provider.name': p.id, 'server.address': `${p.id}.example:443` };
  const fail = (outcome: string, status: number | null, latencyMs: number, retryAfterMs: number | null = null) => ({
    ...base, ttftMs: null, latencyMs, outcome, 'http.response.status_code': status, retryAfterMs,
    'gen_ai.usage.input_tokens': input, 'gen_ai.usage.output_tokens': 0, costUsd: 0,
  });
  const sinceStartS = (atMs - tStartMs) / 1000;
  // Luck drawn in a fixed order whatever the outcome, so one change does not shift the rest.
  const u = rng.next();
  const ttft = lp.ttft.sample(rng);
  const perToken = lp.perToken.sample(rng);
  if (p.outage && sinceStartS >= p.outage.startS && sinceStartS < p.outage.endS) return fail('connection-error', null, 3);
  // As routesim's providers: a connection error is turned away before any bucket meters it.
  if (u < p.connectionErrorRate) return fail('connection-error', null, 3);
  const relMs = atMs - tStartMs;
  if (lp.rpm) {
    const r = lp.rpm.tryTake(1, relMs);
    if (!r.ok) return fail('rate-limited', 429, 4, r.retryAfterMs);
  }
  if (lp.tpm) {
    const r = lp.tpm.tryTake(input + output, relMs);
    if (!r.ok) return fail('rate-limited', 429, 4, r.retryAfterMs);
  }
  if (u < p.connectionErrorRate + p.timeoutRate) return fail('timeout', null, t.attemptTimeoutMs);
  if (u < p.connectionErrorRate + p.timeoutRate + p.serverErrorRate) return fail('server-error', 500, us(ttft / 2));
  const costUsd = (input * p.inputUsdPerMTok + output * p.outputUsdPerMTok) / 1e6;
  return {
    ...base, ttftMs: us(ttft), latencyMs: us(ttft + output * perToken), outcome: 'success', 'http.response.status_code': 200, retryAfterMs: null,
    'gen_ai.usage.input_tokens': input, 'gen_ai.usage.output_tokens': output, costUsd,
  };
}

/** A sorted queue of pending attempts: attempts meet the token buckets in time order. */
interface Pending { atMs: number; seq: number; req: number; attemptNo: number; providerIdx: number }

export function generateGroundTruthLog(t: Truth): RequestLogRecord[] {
  const rng = createRng(t.seed);
  const arrivalsRng = rng.fork('arrivals');
  const tokensRng = rng.fork('tokens');
  const luck = rng.fork('luck');
  const live: LiveProvider[] = t.providers.map((p) => ({
    p, ttft: createDistribution(p.ttftMs), perToken: createDistribution(p.msPerOutputToken),
    ...(p.rpm ? { rpm: new TokenBucket(p.rpm, p.rpm / 60_000) } : {}),
    ...(p.tpm ? { tpm: new TokenBucket(p.tpm, p.tpm / 60_000) } : {}),
  }));
  const inputD = createDistribution(t.inputTokens);
  const outputD = createDistribution(t.outputTokens);
  const totalWeight = t.providers.reduce((s, p) => s + p.weight, 0);
  const requests: { startMs: number; input: number; output: number; tenant: string; client: string; attempts: RequestLogAttempt[] }[] = [];
  const queue: Pending[] = [];
  let seq = 0;
  const push = (x: Pending) => {
    let lo = 0;
    let hi = queue.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (queue[mid].atMs < x.atMs || (queue[mid].atMs === x.atMs && queue[mid].seq < x.seq)) lo = mid + 1;
      else hi = mid;
    }
    queue.splice(lo, 0, x);
  };
  let nowS = 0;
  for (const seg of t.arrivals) {
    for (;;) {
      nowS += -Math.log(1 - arrivalsRng.next()) / seg.ratePerS;
      if (nowS >= seg.untilS) {
        nowS = seg.untilS;
        break;
      }
      let w = arrivalsRng.next() * totalWeight;
      let first = 0;
      while (w >= t.providers[first].weight && first < t.providers.length - 1) w -= t.providers[first++].weight;
      const startMs = us(t.startUnixMs + nowS * 1000);
      requests.push({
        startMs,
        input: Math.max(1, Math.round(inputD.sample(tokensRng))),
        output: Math.max(1, Math.round(outputD.sample(tokensRng))),
        tenant: t.tenants[tokensRng.int(t.tenants.length)],
        client: `user-${tokensRng.int(50)}`,
        attempts: [],
      });
      push({ atMs: startMs, seq: seq++, req: requests.length - 1, attemptNo: 0, providerIdx: first });
    }
  }
  while (queue.length > 0) {
    const x = queue.shift()!;
    const r = requests[x.req];
    const a = attemptOn(live[x.providerIdx], x.atMs, t.startUnixMs, r.input, r.output, luck, t);
    r.attempts.push({ attemptNo: x.attemptNo, startOffsetMs: us(x.atMs - r.startMs), hedge: false, ...a });
    if (a.outcome !== 'success' && x.attemptNo < t.maxRetries) {
      push({ atMs: x.atMs + a.latencyMs, seq: seq++, req: x.req, attemptNo: x.attemptNo + 1, providerIdx: (x.providerIdx + 1) % live.length });
    }
  }
  return requests.map((r, i) => toRecord(r, i));
}

function toRecord(r: { startMs: number; input: number; tenant: string; client: string; attempts: RequestLogAttempt[] }, i: number): RequestLogRecord {
  const last = r.attempts[r.attempts.length - 1];
  const ok = last.outcome === 'success';
  return {
    schema: REQUEST_LOG_SCHEMA,
    requestId: `r${i}`,
    startUnixMs: r.startMs,
    'gen_ai.request.model': 'chat',
    'gen_ai.response.model': ok ? last.deployment.split('/')[1] : null,
    stream: true,
    tenant: r.tenant,
    clientHash: `h-${r.client}`,
    'gen_ai.usage.input_tokens': r.input,
    'gen_ai.usage.output_tokens': last['gen_ai.usage.output_tokens'],
    ttftMs: ok ? us(last.startOffsetMs + last.ttftMs!) : null,
    latencyMs: us(last.startOffsetMs + last.latencyMs),
    ok,
    outcome: ok ? 'success' : 'retries-exhausted',
    'error.type': ok ? null : last.outcome,
    costUsd: r.attempts.reduce((s, a) => s + a.costUsd, 0),
    attempts: r.attempts,
  };
}

const nanos = (ms: number) => String(Math.round(ms * 1e6));
const attr = (key: string, v: string | number | boolean) =>
  ({ key, value: typeof v === 'string' ? { stringValue: v } : typeof v === 'boolean' ? { boolValue: v } : Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v } });

/** The same requests as OpenTelemetry GenAI spans, OTLP JSON, one export per request (a request span and one child span per attempt). */
export function toOtlpLines(records: readonly RequestLogRecord[]): string[] {
  return records.map((r, i) => {
    const parent = `p${i.toString(16).padStart(15, '0')}`;
    const spans: unknown[] = [{
      traceId: `t${i.toString(16).padStart(31, '0')}`, spanId: parent, parentSpanId: '', name: 'gateway request', kind: 2,
      startTimeUnixNano: nanos(r.startUnixMs), endTimeUnixNano: nanos(r.startUnixMs + r.latencyMs), attributes: [attr('enduser.id', r.clientHash ?? '')],
    }];
    for (const a of r.attempts) {
      const attrs = [
        attr('gen_ai.operation.name', 'chat'), attr('gen_ai.request.model', r['gen_ai.request.model']), attr('gen_ai.response.model', a.deployment.split('/')[1]),
        attr('gen_ai.provider.name', a['gen_ai.provider.name']), attr('server.address', a['server.address'].split(':')[0]),
        attr('gen_ai.usage.input_tokens', a['gen_ai.usage.input_tokens']), attr('gen_ai.usage.output_tokens', a['gen_ai.usage.output_tokens']),
        attr('routesim.cost_usd', a.costUsd), attr('routesim.tenant', r.tenant ?? ''), attr('gen_ai.prompt', 'a prompt that must not leak'),
      ];
      if (a.ttftMs !== null) attrs.push(attr('gen_ai.server.time_to_first_token', a.ttftMs / 1000));
      if (a['http.response.status_code'] !== null) attrs.push(attr('http.response.status_code', a['http.response.status_code']));
      if (a.outcome !== 'success') attrs.push(attr('error.type', a['http.response.status_code'] === 429 ? '429' : a.outcome === 'connection-error' ? 'ECONNREFUSED' : a.outcome === 'timeout' ? 'timeout' : '500'));
      const start = r.startUnixMs + a.startOffsetMs;
      spans.push({
        traceId: `t${i.toString(16).padStart(31, '0')}`, spanId: `a${i.toString(16).padStart(12, '0')}${a.attemptNo.toString(16).padStart(3, '0')}`, parentSpanId: parent,
        name: `chat ${r['gen_ai.request.model']}`, kind: 3, startTimeUnixNano: nanos(start), endTimeUnixNano: nanos(start + a.latencyMs), attributes: attrs,
      });
    }
    return JSON.stringify({ resourceSpans: [{ resource: { attributes: [attr('service.name', 'gateway')] }, scopeSpans: [{ scope: { name: 'gen_ai' }, spans }] }] });
  });
}

const ERROR_CLASS: Readonly<Record<string, readonly [string, number | null]>> = {
  'rate-limited': ['RateLimitError', 429],
  'server-error': ['InternalServerError', 500],
  timeout: ['Timeout', 408],
  'connection-error': ['APIConnectionError', null],
};

/**
 * The same requests as LiteLLM StandardLoggingPayload lines (one per LLM call, grouped by
 * trace_id), with the message content and key fields a real payload carries, which calibrate
 * must drop.
 */
export function toLitellmPayloadLines(records: readonly RequestLogRecord[]): string[] {
  const s = (ms: number) => ms / 1000;
  return records.flatMap((r) =>
    r.attempts.map((a) => {
      const start = r.startUnixMs + a.startOffsetMs;
      const end = start + a.latencyMs;
      const ok = a.outcome === 'success';
      const [errorClass, code] = ERROR_CLASS[a.outcome] ?? ['APIError', 500];
      return JSON.stringify({
        id: `${r.requestId}-${a.attemptNo}`, trace_id: r.requestId, call_type: 'acompletion', stream: r.stream,
        status: ok ? 'success' : 'failure', response_cost: a.costUsd,
        prompt_tokens: a['gen_ai.usage.input_tokens'], completion_tokens: a['gen_ai.usage.output_tokens'],
        total_tokens: a['gen_ai.usage.input_tokens'] + a['gen_ai.usage.output_tokens'],
        startTime: s(start), endTime: s(end), completionStartTime: s(ok && a.ttftMs !== null ? start + a.ttftMs : end),
        model: a.deployment.split('/')[1], model_group: r['gen_ai.request.model'], model_id: `id-${a.deployment}`,
        api_base: `http://${a['gen_ai.provider.name']}/v1`, custom_llm_provider: 'openai',
        metadata: { user_api_key_hash: r.clientHash, user_api_key_team_alias: r.tenant },
        messages: [{ role: 'user', content: 'a prompt that must not leak' }],
        response: ok ? { choices: [{ message: { content: 'an answer that must not leak' } }] } : null,
        ...(ok ? {} : { error_str: `${errorClass}: upstream said no`, error_information: { error_code: code === null ? '' : String(code), error_class: errorClass } }),
      });
    }),
  );
}

/** The same requests as a CSV of attempts in a gateway's own column names (read through `--columns`). */
export const CSV_COLUMNS = 'request=req_id,startMs=sent_at_ms,deployment=backend,provider=vendor,inputTokens=tok_in,outputTokens=tok_out,latencyMs=dur_ms,ttftMs=first_byte_ms,status=http_status,error=err,costUsd=usd,tenant=team,client=user';

export function toCsvLines(records: readonly RequestLogRecord[]): string[] {
  const header = 'req_id,sent_at_ms,backend,vendor,tok_in,tok_out,dur_ms,first_byte_ms,http_status,err,usd,team,user,prompt';
  return [header, ...records.flatMap((r) => r.attempts.map((a) => [
    r.requestId, r.startUnixMs + a.startOffsetMs, a.deployment, a['gen_ai.provider.name'], a['gen_ai.usage.input_tokens'], a['gen_ai.usage.output_tokens'],
    a.latencyMs, a.ttftMs ?? '', a['http.response.status_code'] ?? '', a.outcome === 'success' ? '' : a.outcome, a.costUsd, r.tenant ?? '', r.clientHash ?? '', '"a prompt, never read"',
  ].join(',')))];
}
