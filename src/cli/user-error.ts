import { FallbackConfigError } from '../routing/resilience/fallback-plan.js';
import { StrategyParamsError, UnknownStrategyError } from '../routing/strategies/errors.js';
import { formatScenarioError, ScenarioError } from '../config/scenario-error.js';
import { EventBudgetError } from '../sim/estimate-events.js';

/** A mistake in what the user asked for (as opposed to a bug): message only, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Turns any thrown value into (message, exit code): user errors → 2 without a stack trace. */
export function describeFailure(e: unknown, context?: { file?: string }): { message: string; exitCode: number } {
  if (e instanceof ScenarioError) return { message: formatScenarioError(e), exitCode: 2 };
  const where = context?.file ? `${context.file}: ` : '';
  if (e instanceof UnknownStrategyError || e instanceof StrategyParamsError || e instanceof UsageError || e instanceof EventBudgetError) {
    return { message: `${where}${e.message}`, exitCode: 2 };
  }
  if (e instanceof FallbackConfigError) return { message: `${where}${e.message}`, exitCode: 2 };
  const err = e instanceof Error ? e : new Error(String(e));
  return { message: `internal error (please report): ${err.stack ?? err.message}`, exitCode: 1 };
}
