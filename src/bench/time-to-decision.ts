import type { CompareSummary } from '../lab/compare-summary.js';

/**
 * (3c): how much sooner a sequential compare answers than the full run of the same plan, and
 * whether it reaches the same ranking: the replications it spent, the wall-time ratio, and
 * every strategy whose rank differs (the two summaries come from the same process).
 */
export function formatTimeToDecision(full: CompareSummary, seq: CompareSummary, fullS: number, seqS: number): string[] {
  const runsFull = full.strategies.length * full.replications;
  const runsSeq = seq.strategies.reduce((n, s) => n + (s.replicationsRun ?? seq.replications), 0);
  const capped = seq.strategies.filter((s) => s.stopReason === 'cap').map((s) => s.strategy);
  const rankOf = new Map(full.strategies.map((s) => [s.strategy, s.rank]));
  const moved = seq.strategies.filter((s) => rankOf.get(s.strategy) !== s.rank).map((s) => `${s.strategy} ${rankOf.get(s.strategy)} → ${s.rank}`);
  return [
    `    full: ${runsFull} runs in ${fullS.toFixed(1)} s; sequential: ${runsSeq} runs in ${seqS.toFixed(1)} s → ${(seqS / fullS).toFixed(2)} of the time (${(fullS / seqS).toFixed(2)}× sooner)`,
    `    replications per strategy: ${seq.strategies.map((s) => `${s.strategy} ${s.replicationsRun}`).join(', ')}`,
    `    not settled by the cap: ${capped.length === 0 ? 'none' : capped.join(', ')}`,
    `    ranking: ${moved.length === 0 ? 'the same ranks as the full run' : `differs from the full run: ${moved.join(', ')}`}`,
  ];
}
