import type { Scenario } from '../config/scenario-schema.js';
import { onBadRowSchema, type OnBadRow } from '../config/traffic-source-schema.js';

/** The yargs option `--on-bad-row` (run, compare): overrides traffic.trace.onBadRow. */
export const onBadRowOption = {
  type: 'string',
  choices: onBadRowSchema.options,
  describe: 'trace replay: stop at a malformed row (fail, with file:line) or skip and count it (skip); overrides traffic.trace.onBadRow',
} as const;

/** The scenario with the trace's onBadRow set from the flag (unchanged without a flag or a trace). */
export function applyOnBadRow(scenario: Scenario, mode: string | undefined): Scenario {
  const trace = scenario.traffic.trace;
  if (mode === undefined || trace === undefined) return scenario;
  return { ...scenario, traffic: { ...scenario.traffic, trace: { ...trace, onBadRow: mode as OnBadRow } } };
}
