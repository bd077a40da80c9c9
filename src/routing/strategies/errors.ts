import { UserInputError } from '../../core/user-input-error.js';

/** Typed errors raised by the strategy registry and by strategies at pick time. */

export class UnknownStrategyError extends UserInputError {
  override readonly name = 'UnknownStrategyError';
  constructor(
    readonly strategy: string,
    readonly validNames: readonly string[],
    readonly suggestion: string | undefined,
  ) {
    const hint = suggestion === undefined ? '' : ` Did you mean '${suggestion}'?`;
    super(`Unknown strategy '${strategy}'.${hint} Valid strategies: ${validNames.join(', ')}.`);
  }
}

export class StrategyParamsError extends UserInputError {
  override readonly name = 'StrategyParamsError';
  constructor(
    readonly strategy: string,
    /** Dotted path of the offending param ('' for the params object itself). */
    readonly path: string,
    readonly detail: string,
  ) {
    super(`Invalid params for strategy '${strategy}' at '${path === '' ? '(root)' : path}': ${detail}`);
  }
}

/** The `oracle` strategy was asked to pick without a ground-truth port. */
export class OracleTruthMissingError extends Error {
  override readonly name = 'OracleTruthMissingError';
  constructor() {
    super(
      "The 'oracle' strategy needs ground truth (PickContext.truth); only the simulator provides it.",
    );
  }
}
