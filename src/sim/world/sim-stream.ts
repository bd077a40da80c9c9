import type { Clock } from '../../core/ports.js';
import type { StreamProgress } from '../../routing/types.js';

/**
 * A simulated streamed answer after its first token: tokens arrive every `perTokenMs` from
 * `firstTokenAtMs` until `stopAtMs` (the end, a mid-stream break, or a stall after which
 * nothing more comes). The router's idle timeout reads `lastTokenAtMs` instead of receiving
 * an event per token, so a stream costs a few events, not one per token.
 */
export class SimStream implements StreamProgress {
  constructor(
    private readonly clock: Clock,
    readonly firstTokenAtMs: number,
    readonly perTokenMs: number,
    readonly stopAtMs: number,
  ) {}

  lastTokenAtMs(): number {
    const t = Math.min(this.clock.now(), this.stopAtMs);
    if (!(this.perTokenMs > 0) || t <= this.firstTokenAtMs) return Math.max(this.firstTokenAtMs, t);
    return this.firstTokenAtMs + Math.floor((t - this.firstTokenAtMs) / this.perTokenMs) * this.perTokenMs;
  }

  /** Output tokens the client has received by now (the first token counts), at most `maxTokens`. */
  tokensReceived(maxTokens: number): number {
    const t = Math.min(this.clock.now(), this.stopAtMs);
    if (t < this.firstTokenAtMs) return 0;
    const more = this.perTokenMs > 0 ? Math.floor((t - this.firstTokenAtMs) / this.perTokenMs) : maxTokens;
    return Math.min(maxTokens, 1 + more);
  }
}
