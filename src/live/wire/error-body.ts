import type { AttemptOutcomeKind } from '../../routing/types.js';

/** An OpenAI-shaped error body: `{ error: { message, type, param, code } }`. */
export interface OpenAiErrorBody {
  readonly error: { readonly message: string; readonly type: string; readonly param: string | null; readonly code: string | null };
}

export function openAiError(message: string, type: string, code: string | null = null, param: string | null = null): OpenAiErrorBody {
  return { error: { message, type, param, code } };
}

/** What an emulated provider answers for a failed attempt it reports with a status (not a hang or a reset). */
export interface ErrorReply {
  readonly status: number;
  readonly body: OpenAiErrorBody;
}

/** The HTTP answer for an outcome kind (undefined: no answer — a success, a hang or a reset). */
export function errorReplyFor(kind: AttemptOutcomeKind): ErrorReply | undefined {
  switch (kind) {
    case 'server-error':
      return { status: 500, body: openAiError('The server had an error while processing your request.', 'server_error') };
    case 'overloaded':
      return { status: 503, body: openAiError('The engine is currently overloaded, please try again later.', 'server_error', 'overloaded') };
    case 'rate-limited':
      return { status: 429, body: openAiError('Rate limit reached for requests.', 'requests', 'rate_limit_exceeded') };
    case 'context-exceeded':
      return { status: 400, body: openAiError("This model's maximum context length was exceeded.", 'invalid_request_error', 'context_length_exceeded', 'messages') };
    case 'client-error':
      return { status: 400, body: openAiError('Invalid request.', 'invalid_request_error') };
    default:
      return undefined;
  }
}

/** The OpenAI error `code` of an error body's text, null when absent or not JSON. */
export function errorCodeOf(text: string): string | null {
  try {
    return (JSON.parse(text) as { error?: { code?: string | null } }).error?.code ?? null;
  } catch {
    return null;
  }
}
