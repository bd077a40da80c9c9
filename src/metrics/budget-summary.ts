import type { BudgetState } from '../routing/policies/spend-budgets.js';
import type { BudgetSummary } from './run-summary.js';

/**
 * What each budget spent and when it ran out, with the rate it was spent at and when, at that
 * rate, a window's budget runs out (seconds after the window starts). The rate is taken where
 * spending was not yet held back by the budget itself: over the first window that ran out, up
 * to the moment it did; for a budget that never ran out, over the whole run (`elapsedMs`).
 */
export function budgetSummaryOf(states: readonly BudgetState[], elapsedMs: number): BudgetSummary[] {
  return states.map((b) => {
    const first = b.exhaustions[0];
    const rateUsdPerS = first !== undefined
      ? first.spentUsd / Math.max(1e-3, (first.atMs - first.windowStartMs) / 1000)
      : elapsedMs > 0 ? b.totalSpentUsd / (elapsedMs / 1000) : 0;
    return {
      name: b.name,
      scope: b.config.scope,
      match: b.config.match,
      window: b.config.window,
      limitUsd: b.config.limitUsd,
      spentUsd: b.totalSpentUsd,
      exhaustions: b.exhaustions.map((e) => ({ windowStartS: e.windowStartMs / 1000, atS: e.atMs / 1000, spentUsd: e.spentUsd })),
      spendRateUsdPerS: rateUsdPerS,
      runsOutAfterS: rateUsdPerS > 0 ? b.config.limitUsd / rateUsdPerS : NaN,
    };
  });
}
