import type { Rng } from '../../core/ports.js';
import type { RouteRequest } from '../../routing/types.js';
import type { RequestSource } from './request-source.js';

/**
 * Marks a share of the requests as streamed (`req.stream`), each by its own draw from a NEW
 * child ('stream') of the traffic stream, so that no existing stream shifts: arrivals and
 * token counts are the same whatever the fraction. 0 returns `source` itself (no draws) and
 * 1 marks every request without drawing. A request that already says (a trace's `stream`
 * column) keeps its value; the draw is still made, so the next requests' draws do not move.
 */
export function withStreaming(source: RequestSource, streamFraction: number, trafficRng: Rng): RequestSource {
  if (streamFraction <= 0) return source;
  const rng = streamFraction < 1 ? trafficRng.fork('stream') : undefined;
  return {
    next(): RouteRequest | undefined {
      const req = source.next();
      if (req === undefined) return undefined;
      const u = rng === undefined ? 0 : rng.next();
      if (req.stream === undefined && u < streamFraction) (req as { stream?: boolean }).stream = true;
      return req;
    },
    close: source.close === undefined ? undefined : () => source.close!(),
    traceSummary: source.traceSummary === undefined ? undefined : () => source.traceSummary!(),
  };
}
