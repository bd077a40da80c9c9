import { STRATEGY_NAMES, getStrategy } from '../routing/strategies/registry.js';
import { LabUsageError } from './errors.js';

/**
 * `--strategies` as typed: 'all' (every registered strategy, registry order) or a comma list.
 * Names are checked against the registry (UnknownStrategyError, with a suggestion).
 */
export function resolveStrategyNames(arg: string): string[] {
  const trimmed = arg.trim();
  if (trimmed === 'all') return [...STRATEGY_NAMES];
  const names = trimmed.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (names.length === 0) throw new LabUsageError(`--strategies needs 'all' or a comma-separated list of names (see \`routesim strategies\`)`);
  checkStrategyNames(names);
  return names;
}

/** Known names, no duplicates, at least one. */
export function checkStrategyNames(names: readonly string[]): void {
  if (names.length === 0) throw new LabUsageError('no strategies to run');
  const seen = new Set<string>();
  for (const n of names) {
    getStrategy(n);
    if (seen.has(n)) throw new LabUsageError(`strategy '${n}' is listed twice`);
    seen.add(n);
  }
}

/** The baseline: the one asked for (must be compared), else the scenario's strategy if compared, else the first. */
export function chooseBaseline(strategies: readonly string[], scenarioStrategy: string, asked?: string): string {
  if (asked !== undefined) {
    if (!strategies.includes(asked)) {
      throw new LabUsageError(`baseline '${asked}' is not among the compared strategies (${strategies.join(', ')})`);
    }
    return asked;
  }
  return strategies.includes(scenarioStrategy) ? scenarioStrategy : strategies[0];
}
