import type { ServerResponse } from 'node:http';
import type { Cancel } from '../../core/ports.js';
import type { RouteRequest } from '../../routing/types.js';
import type { ChatRequest } from '../wire/chat-request.js';
import type { RequestLogAttempt } from '../request-log/request-log-record.js';

/** An upstream's answer passed to the client unchanged (a 4xx that is the caller's fault). */
export interface PassThroughReply {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

/**
 * One client request inside the gateway: what the transport needs to send its attempts and
 * pipe the winner's answer, and what the request log records. Keyed by the gateway's own
 * request id (`req.id`), so two clients sending the same routesim id never mix.
 */
export interface GatewayExchange {
  readonly req: RouteRequest;
  readonly body: ChatRequest;
  readonly res: ServerResponse;
  /** Sent upstream as x-routesim-request-id: the client's routesim id, else the gateway's. */
  readonly routesimId: string;
  readonly startUnixMs: number;
  /** Scheduler ms at arrival. */
  readonly startMs: number;
  /** Extra x-routesim-* headers to forward (token counts, prefix hashes). */
  readonly forwardHeaders: Readonly<Record<string, string>>;
  readonly attempts: RequestLogAttempt[];
  /** The attempts as the router saw them end (its kind: 'timeout' where the transport saw a cancel), in end order. */
  readonly explained: { readonly attemptNo: number; readonly deploymentId: string; readonly kind: string }[];
  /** Attempts sent and not yet ended (a send while > 0 is a hedge). */
  live: number;
  /** The attempt whose stream is being piped to the client (after its first token). */
  committedAttemptNo?: number;
  /** Set once the SSE head went to the client. */
  streaming: boolean;
  /** The latest successful unstreamed body, read by the request's end. */
  successBody?: string;
  responseModel?: string;
  passThrough?: PassThroughReply;
  /** Cancels the request in the router (the client went away). */
  cancel?: Cancel;
  finished: boolean;
}
