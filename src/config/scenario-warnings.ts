import { unpricedModelWarnings } from './price-warnings.js';
import type { Scenario } from './scenario-schema.js';
import { settingWarnings } from './setting-warnings.js';
import { strategyParamWarnings } from './strategy-check.js';
import { traceHeaderWarnings } from './trace-header-check.js';
import type { ExplainedIssue } from './zod-issues.js';

/**
 * Every warning about a scenario that loads: valid settings that are nearly always mistakes
 * and would otherwise give wrong numbers silently. `raw` is the document after overrides and
 * price-table resolution (it can tell a default from a value the user wrote); `scenario` is
 * what will run. Reported as `file:line:col: warning: path: message`.
 */
export function scenarioWarnings(raw: Record<string, unknown>, scenario: Scenario): ExplainedIssue[] {
  return [
    ...unpricedModelWarnings(raw, scenario),
    ...settingWarnings(raw, scenario),
    ...strategyParamWarnings(scenario),
    ...traceHeaderWarnings(raw, scenario),
  ];
}
