import { FallbackConfigError } from '../routing/resilience/fallback-plan.js';
import { StrategyParamsError, UnknownStrategyError } from '../routing/strategies/errors.js';
import { formatScenarioError, ScenarioError } from '../config/scenario-error.js';
import { EventBudgetError } from '../sim/estimate-events.js';
import { CalibrationInputError } from '../calibrate/input/calibration-input-error.js';
import { PriceTableError, UnknownPricedModelError } from '../config/pricing/price-quote.js';
import { LitellmConfigError } from '../import/litellm/litellm-config.js';
import { QualityDataError } from '../sim/traffic/quality/quality-data-error.js';
import { ServegenDataError } from '../sim/traffic/servegen/servegen-errors.js';
import { TraceFileError, TraceRowError } from '../sim/traffic/trace/trace-errors.js';
import { WorkerUserError } from '../lab/pool/pool-errors.js';

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
  if (e instanceof QualityDataError) return { message: `${where}quality data: ${e.message}`, exitCode: 2 };
  if (e instanceof WorkerUserError) return { message: e.message, exitCode: 2 };
  // Trace and ServeGen data errors name their own file (and line).
  if (e instanceof TraceRowError || e instanceof TraceFileError || e instanceof ServegenDataError) return { message: e.message, exitCode: 2 };
  // Calibration inputs, price tables and LiteLLM configs name their own file.
  if (e instanceof CalibrationInputError || e instanceof PriceTableError || e instanceof UnknownPricedModelError || e instanceof LitellmConfigError) return { message: e.message, exitCode: 2 };
  const err = e instanceof Error ? e : new Error(String(e));
  return { message: `internal error (please report): ${err.stack ?? err.message}`, exitCode: 1 };
}
