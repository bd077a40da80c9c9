import { UserInputError } from '../core/user-input-error.js';

/**
 * The largest total cost a run may reach: costs per 1k successful requests (total × 1000 at
 * most) and every sum of replications must still be finite numbers. A run past it is
 * refused, never reported: an overflowing cost printed as null and was still ranked.
 */
export const MAX_TOTAL_COST_USD = Number.MAX_VALUE / 1e6;

/** A run's billing went past MAX_TOTAL_COST_USD (or one bill was not a finite number): the prices cannot be right. */
export class CostOverflowError extends UserInputError {
  override readonly name = 'CostOverflowError';
  constructor(readonly deploymentId: string, readonly atMs: number) {
    super(
      `cost overflow: at ${(atMs / 1000).toFixed(3)} s a bill of deployment '${deploymentId}' took the run's total cost ` +
        `past ${MAX_TOTAL_COST_USD.toExponential(1)} USD, too large to compute with; check its model's inputUsdPerMTok, ` +
        'outputUsdPerMTok, cachedInputUsdPerMTok and its provider\'s costMultiplier',
    );
  }
}
