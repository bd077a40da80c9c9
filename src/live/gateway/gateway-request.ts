import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { QUALITY_RANK, type QualityTier, type RouteRequest } from '../../routing/types.js';
import { countPromptWords, type ChatRequest } from '../wire/chat-request.js';
import {
  CATEGORY_HEADER, decodeHeaderName, headerHashes, headerInt, headerSignedInt, headerText, INPUT_TOKENS_HEADER, OUTPUT_TOKENS_HEADER, PREFIX_HASHES_HEADER, PRIORITY_HEADER,
  QUALITY_TIER_HEADER, TENANT_HEADER,
} from '../wire/routesim-headers.js';

/** Output tokens expected when the client names no max_tokens (for cost estimates only). */
const DEFAULT_EXPECTED_OUTPUT_TOKENS = 256;

export interface ReadRequest {
  readonly req: RouteRequest;
  readonly forwardHeaders: Record<string, string>;
  readonly clientHash: string | null;
}

/**
 * The router's view of a chat completion (request `id`: the client's routesim id when it sent
 * one, which keys the router's draws for the request as in the simulator): token counts from routesim's headers when a
 * replayer sent them (exactly what the simulator used), else counted from the prompt and
 * max_tokens; `user` becomes a client id by hash (never kept raw); tenant, category and
 * priority from routesim's headers, which the router's policies read (limits and budgets per
 * tenant, the priority queue, category routing).
 */
export function routeRequestOf(id: number, arrivalMs: number, body: ChatRequest, headers: IncomingHttpHeaders): ReadRequest {
  const inputTokens = headerInt(headers[INPUT_TOKENS_HEADER]) ?? countPromptWords(body);
  const expectedOutputTokens = headerInt(headers[OUTPUT_TOKENS_HEADER]) ?? body.max_tokens ?? body.max_completion_tokens ?? DEFAULT_EXPECTED_OUTPUT_TOKENS;
  const tierText = headerText(headers[QUALITY_TIER_HEADER]);
  const qualityTier: QualityTier = tierText !== undefined && tierText in QUALITY_RANK ? (tierText as QualityTier) : 'medium';
  const user = (body as { user?: unknown }).user;
  const clientHash = typeof user === 'string' && user !== '' ? createHash('sha256').update(user).digest('hex').slice(0, 16) : null;
  const tenant = decodeHeaderName(headers[TENANT_HEADER]);
  const category = decodeHeaderName(headers[CATEGORY_HEADER]);
  const priority = headerSignedInt(headers[PRIORITY_HEADER]);
  // Forwarded only when well formed, so the provider reads the hashes the router used.
  const prefixHashes = headerHashes(headers[PREFIX_HASHES_HEADER]);
  const prefix = prefixHashes?.join(',');
  const forwardHeaders: Record<string, string> = {
    [INPUT_TOKENS_HEADER]: String(inputTokens),
    [OUTPUT_TOKENS_HEADER]: String(expectedOutputTokens),
    ...(prefix === undefined ? {} : { [PREFIX_HASHES_HEADER]: prefix }),
  };
  const req: RouteRequest = {
    id, arrivalMs, inputTokens, expectedOutputTokens, qualityTier,
    stream: body.stream === true,
    ...(clientHash === null ? {} : { clientId: clientHash }),
    ...(tenant === undefined ? {} : { tenant }),
    ...(category === undefined ? {} : { category }),
    ...(priority === undefined ? {} : { priority }),
    ...(prefixHashes === undefined ? {} : { prefixHashes }),
  };
  return { req, forwardHeaders, clientHash };
}
