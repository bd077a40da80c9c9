import type { FailureReason, RouteResult } from '../../routing/types.js';
import { errorReplyFor, openAiError } from '../wire/error-body.js';
import { sendJson } from '../providers/send-json.js';
import { REQUEST_LOG_SCHEMA, type RequestLogRecord } from '../request-log/request-log-record.js';
import { DEPLOYMENT_HEADER } from '../wire/routesim-headers.js';
import type { GatewayExchange } from './gateway-exchange.js';


/**
 * Refusals the gateway's own policies make, before or instead of an upstream answer: status,
 * OpenAI error type and code. A client retries a 429 later (a limit, a budget or load
 * shedding: OpenAI answers quota with 429 insufficient_quota, the Inference Extension sheds
 * with 429); a 503 says the gateway cannot serve now (nothing eligible, nothing free in time).
 */
const POLICY_REFUSALS: Partial<Record<FailureReason, { status: number; type: string }>> = {
  'no-provider': { status: 503, type: 'server_error' },
  'deadline': { status: 504, type: 'server_error' },
  'budget-exceeded': { status: 429, type: 'insufficient_quota' },
  'tenant-limited': { status: 429, type: 'requests' },
  'shed': { status: 429, type: 'server_error' },
  'queue-timeout': { status: 503, type: 'server_error' },
  'constraints-unmet': { status: 503, type: 'server_error' },
};

/**
 * Answers the client once the router has decided. A success is the winner's body (unstreamed)
 * or the end of the piped stream; a failure after the first streamed token is an SSE error
 * event (the status already went out); a client error is the upstream's answer unchanged;
 * a policy's refusal has its status (POLICY_REFUSALS); other failures are OpenAI-shaped errors
 * with the status of the last failure (429, 503, ...).
 */
export function replyTo(ex: GatewayExchange, r: RouteResult): void {
  const res = ex.res;
  if (res.writableEnded || res.destroyed) return;
  const deploymentHeader: Record<string, string> = r.deploymentId === undefined ? {} : { [DEPLOYMENT_HEADER]: r.deploymentId };
  if (ex.streaming) {
    if (!r.ok) res.write(`data: ${JSON.stringify(openAiError(`routesim gateway: the stream broke (${r.lastErrorKind ?? r.failureReason})`, 'server_error', r.failureReason ?? null))}\n\n`);
    res.end();
    return;
  }
  if (r.ok && ex.successBody !== undefined) {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(ex.successBody)), ...deploymentHeader });
    res.end(ex.successBody);
    return;
  }
  if (r.ok) {
    // A streamed answer that finished without a content token: an empty but complete stream.
    res.writeHead(200, { 'content-type': 'text/event-stream', ...deploymentHeader });
    res.end('data: [DONE]\n\n');
    return;
  }
  if (r.failureReason === 'client-cancelled') return void res.destroy();
  const p = ex.passThrough;
  if (p !== undefined && (r.lastErrorKind === 'client-error' || r.lastErrorKind === 'context-exceeded')) {
    res.writeHead(p.status, { 'content-type': p.contentType, 'content-length': String(Buffer.byteLength(p.body)), ...deploymentHeader });
    res.end(p.body);
    return;
  }
  const refusal = r.failureReason === undefined ? undefined : POLICY_REFUSALS[r.failureReason];
  const status = refusal?.status ?? ((r.lastErrorKind && errorReplyFor(r.lastErrorKind)?.status) || 502);
  const type = refusal?.type ?? (status === 429 ? 'requests' : 'server_error');
  const message = `routesim gateway: ${r.failureReason ?? 'failed'} after ${r.attempts} attempt(s)${r.lastErrorKind ? `, last ${r.lastErrorKind}` : ''}`;
  sendJson(res, status, openAiError(message, type, (r.failureReason ?? 'failed').replaceAll('-', '_')), deploymentHeader);
}

/** The request log line (briefs/request-log-format.md): no prompt, answer, key or header. */
export function logRecordOf(ex: GatewayExchange, r: RouteResult, requestModel: string): RequestLogRecord {
  return {
    schema: REQUEST_LOG_SCHEMA,
    requestId: ex.routesimId,
    startUnixMs: ex.startUnixMs,
    'gen_ai.request.model': requestModel,
    'gen_ai.response.model': ex.responseModel ?? null,
    stream: ex.req.stream === true,
    tenant: ex.req.tenant ?? null,
    clientHash: ex.req.clientId ?? null,
    'gen_ai.usage.input_tokens': r.inputTokens,
    'gen_ai.usage.output_tokens': r.outputTokens,
    ttftMs: r.ttftMs ?? null,
    latencyMs: r.latencyMs,
    ok: r.ok,
    outcome: r.ok ? 'success' : (r.failureReason ?? 'retries-exhausted'),
    'error.type': r.ok ? null : (r.lastErrorKind ?? null),
    costUsd: r.costUsd,
    attempts: ex.attempts,
  };
}
