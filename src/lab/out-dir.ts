import { join } from 'node:path';
import type { SweepAxis } from './sweep-settings.js';

/**
 * Default result directories: deterministic names, no timestamps, so re-running the same
 * command replaces its own earlier result and nothing else.
 */

export const RESULTS_ROOT = 'results';
/** Above this many strategies the directory is named '<scenario>-compare'. */
const MAX_NAMED_STRATEGIES = 4;

function safe(part: string): string {
  return part.replace(/[^A-Za-z0-9._+-]+/g, '_').replace(/^[.]+/, '_') || '_';
}

/**
 * True for a path of the shape the defaults above produce: `results/<name>` with one name of
 * the characters `safe` keeps, not starting with a dot (so neither absolute nor `..`).
 */
export function isDefaultOutDirShape(dir: string): boolean {
  const parts = dir.split(/[\\/]/);
  return parts.length === 2 && parts[0] === RESULTS_ROOT && /^[A-Za-z0-9_+-][A-Za-z0-9._+-]*$/.test(parts[1]);
}

/** `results/<scenario>-compare` for all (or many) strategies, else `results/<scenario>-a+b+c`. */
export function defaultCompareOutDir(scenarioName: string, strategies: readonly string[], all: boolean): string {
  const set = all || strategies.length > MAX_NAMED_STRATEGIES ? 'compare' : strategies.join('+');
  return join(RESULTS_ROOT, `${safe(scenarioName)}-${safe(set)}`);
}

/** `results/<scenario>-quality`. */
export function defaultQualityOutDir(scenarioName: string): string {
  return join(RESULTS_ROOT, `${safe(scenarioName)}-quality`);
}

/** `results/<scenario>-sweep-<path1+path2>`. */
export function defaultSweepOutDir(scenarioName: string, axes: readonly SweepAxis[]): string {
  return join(RESULTS_ROOT, `${safe(scenarioName)}-sweep-${safe(axes.map((a) => a.path).join('+'))}`);
}
