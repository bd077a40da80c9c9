import { isAbsolute } from 'node:path';
import { qualityDatasetFor } from '../sim/traffic/quality/dataset-cache.js';
import { QualityDataError } from '../sim/traffic/quality/quality-data-error.js';
import { relativeToScenario } from './relative-to-scenario.js';
import type { Scenario } from './scenario-schema.js';
import type { ExplainedIssue } from './zod-issues.js';

/**
 * Load-time handling of `traffic.quality.path`: made absolute relative to the scenario file's
 * folder (so the scenario runs the same from any working directory, or in a worker), then read
 * once, so `validate` reports a missing or malformed data file at the key's line instead of a
 * run failing later. The dataset stays in the process cache for the runs that follow.
 */

/** Resolves the path in place on a freshly parsed scenario. */
export function resolveQualityDataPath(scenario: Scenario, scenarioFile: string): void {
  const q = scenario.traffic.quality;
  if (q !== undefined && !isAbsolute(q.path)) q.path = relativeToScenario(scenarioFile, q.path);
}

export function checkQualityData(scenario: Scenario): ExplainedIssue[] {
  const q = scenario.traffic.quality;
  if (q === undefined) return [];
  try {
    qualityDatasetFor(q);
    return [];
  } catch (e) {
    if (e instanceof QualityDataError) return [{ path: ['traffic', 'quality', 'path'], message: `cannot use the quality data: ${e.message}` }];
    throw e;
  }
}
