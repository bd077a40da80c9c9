import { strongScoreOf, weakScoreOf } from '../routing/quality-truth.js';
import type { RequestQuality } from '../routing/types.js';
import type { QualityRunSummary } from './run-summary.js';

/**
 * Streaming quality score of one run: each successful request that carries ground truth
 * scores what the model that served it scored on that prompt (strong = tier 'high'). It also
 * keeps, for the very same requests, the counterfactual scores of "all strong", "all weak"
 * and the per-request best (oracle), so PGR compares like with like. Plain counters: no
 * allocation per request.
 */
export class QualityTally {
  private requests = 0;
  private served = 0;
  private strongServed = 0;
  private scoreSum = 0;
  private strongOnlySum = 0;
  private weakOnlySum = 0;
  private oracleSum = 0;
  private strongWins = 0;

  /** A measured request with ground truth finished (successfully or not). */
  onFinished(): void {
    this.requests++;
  }

  /** A measured request with ground truth was served; `strong`: by a strong deployment. */
  onServed(q: RequestQuality, strong: boolean): void {
    const s = strongScoreOf(q);
    const w = weakScoreOf(q);
    this.served++;
    if (strong) this.strongServed++;
    this.scoreSum += strong ? s : w;
    this.strongOnlySum += s;
    this.weakOnlySum += w;
    this.oracleSum += s > w ? s : w;
    if (s > w) this.strongWins++;
  }

  /** undefined when no request carried ground truth (the block is then left out of the summary). */
  summary(): QualityRunSummary | undefined {
    if (this.requests === 0) return undefined;
    const n = this.served;
    const mean = (sum: number) => (n > 0 ? sum / n : NaN);
    const score = mean(this.scoreSum);
    const strongOnlyScore = mean(this.strongOnlySum);
    const weakOnlyScore = mean(this.weakOnlySum);
    return {
      requests: this.requests,
      served: n,
      score,
      strongCallRate: mean(this.strongServed),
      strongOnlyScore,
      weakOnlyScore,
      oracleScore: mean(this.oracleSum),
      strongWinRate: mean(this.strongWins),
      pgr: pgrOf(score, weakOnlyScore, strongOnlyScore),
    };
  }
}

/** Performance gap recovered, (score − weak) / (strong − weak); NaN when the gap is 0 or not finite. */
export function pgrOf(score: number, weakScore: number, strongScore: number): number {
  const gap = strongScore - weakScore;
  return gap !== 0 && Number.isFinite(gap) ? (score - weakScore) / gap : NaN;
}
