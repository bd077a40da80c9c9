import type { Scenario } from '../config/scenario-schema.js';

export const ON_BAD_ROW_CHOICES = ['fail', 'skip'] as const;
export type OnBadRow = (typeof ON_BAD_ROW_CHOICES)[number];

/** The yargs option `--on-bad-row` (run, compare): overrides traffic.trace.onBadRow. */
export const onBadRowOption = {
  type: 'string',
  choices: ON_BAD_ROW_CHOICES,
  describe: 'trace replay: stop at a malformed row (fail, with file:line) or skip and count it (skip); overrides traffic.trace.onBadRow',
} as const;

/** The scenario with the trace's onBadRow set from the flag (unchanged without a flag or a trace). */
export function applyOnBadRow(scenario: Scenario, mode: string | undefined): Scenario {
  const trace = scenario.traffic.trace;
  if (mode === undefined || trace === undefined) return scenario;
  return { ...scenario, traffic: { ...scenario.traffic, trace: { ...trace, onBadRow: mode as OnBadRow } } };
}
