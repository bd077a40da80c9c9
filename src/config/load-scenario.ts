import { readFileSync } from 'node:fs';
import { applyOverrides, type ScenarioOverrides } from './overrides.js';
import { cliPricingSources, type PricingSourcePaths } from './pricing/pricing-sources.js';
import { resolveScenarioPricing } from './pricing/resolve-pricing.js';
import { ScenarioError, formatIssueLine, formatPath, sortIssues, type PathSegment, type ScenarioIssue } from './scenario-error.js';
import { scenarioWarnings } from './scenario-warnings.js';
import { scenarioSchema, type Scenario } from './scenario-schema.js';
import { applySeedToScenario, isSeedRouterConfig, seedRouterConfigSchema, seedToNativeRouter, type SeedRouterConfig } from './seed-router-config.js';
import { checkSize, decodeScenarioBytes } from './source-guards.js';
import { checkFallbacks, checkRouterStrategy } from './strategy-check.js';
import { checkConcurrencyLimitIds } from './admission-check.js';
import { resolveTrafficFiles } from './traffic-files.js';
import { checkQualityData, resolveQualityDataPath } from './quality-data-check.js';
import { locatePath, pathExists, type Position } from './yaml-locate.js';
import { parseYamlSource, type ParsedSource } from './yaml-source.js';
import { describeValue, explainZodIssues, type ExplainedIssue } from './zod-issues.js';
import { isPlainObject } from '../core/is-plain-object.js';
import { statUserFile } from '../core/user-file.js';
import { appendAll } from '../core/bulk-array.js';

/**
 * Scenario files in, a validated native `Scenario` (all defaults filled) out — or one
 * `ScenarioError` listing every problem with its field path and line:column. Nothing else is
 * thrown: a failure this code did not foresee is still reported as a ScenarioError, marked
 * "internal error", so the CLI never prints a stack trace for a bad file.
 */

export interface LoadScenarioOptions {
  /** Values to set before validation, by path (`'router.strategy'`, `'providers.openai.weight'`). */
  overrides?: ScenarioOverrides;
  /** Price tables for `pricing:` references; default: the CLI's --prices-* flags, then the scenario's pricingSources. */
  pricingSources?: PricingSourcePaths;
  /** Receives each warning (a valid but suspicious setting) as `file:line:col: warning: path: message`. */
  onWarning?: (text: string) => void;
}

export const INTERNAL_ERROR_PREFIX = 'internal error while reading the scenario (please report)';

export function loadScenarioFile(path: string, opts: LoadScenarioOptions = {}): Scenario {
  return guard(path, () => parseChecked(decodeScenarioBytes(readScenarioBytes(path), path), path, opts));
}

/** The bytes of a scenario file; a missing, unreadable, oversized or non-regular file is a ScenarioError. */
export function readScenarioBytes(path: string): Uint8Array {
  const fail = (message: string) => new ScenarioError(path, { path: [], message });
  checkSize(statUserFile(path, fail, 'is a directory, not a scenario file').size, path);
  try {
    return readFileSync(path);
  } catch (e) {
    throw fail(`cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

/**
 * Where a field is written in a scenario file (its deepest written ancestor when it is not),
 * for errors found after loading; undefined when the file cannot be read or parsed again.
 */
export function locateScenarioField(file: string, path: readonly PathSegment[]): Position | undefined {
  try {
    const src = parseYamlSource(decodeScenarioBytes(readScenarioBytes(file), file), file);
    return locatePath(src.doc, src.lineCounter, path);
  } catch {
    return undefined; // the message still names the file and the field
  }
}

/** Parses scenario text; `file` names it in errors, and a `.json` name holds it to strict JSON. */
export function parseScenarioText(text: string, file: string, opts: LoadScenarioOptions = {}): Scenario {
  return guard(file, () => parseChecked(text, file, opts));
}

function guard<T>(file: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof ScenarioError) throw e;
    const reason = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    throw new ScenarioError(file, { path: [], message: `${INTERNAL_ERROR_PREFIX}: ${reason}` });
  }
}


const startsWith = (path: readonly PathSegment[], prefix: readonly PathSegment[]) =>
  prefix.length <= path.length && prefix.every((s, i) => s === path[i]);

/** Positions issues in the file; issues caused by an override say so instead. */
function positioned(src: ParsedSource, overridden: PathSegment[][], issues: readonly ExplainedIssue[]): ScenarioIssue[] {
  return issues.map((i) => {
    const from = overridden.find((p) => startsWith(i.path, p) || (startsWith(p, i.path) && !pathExists(src.doc, i.path)));
    if (from) return { path: i.path, message: `${i.message} (set by override '${formatPath(from)}')`, expected: i.expected };
    const pos = locatePath(src.doc, src.lineCounter, i.path, { key: i.atKey });
    return { path: i.path, message: i.message, expected: i.expected, ...pos };
  });
}

function parseChecked(text: string, file: string, opts: LoadScenarioOptions): Scenario {
  const src = parseYamlSource(text, file);
  let raw = src.value;
  let overridden: PathSegment[][] = [];
  if (opts.overrides && Object.keys(opts.overrides).length > 0) {
    ({ value: raw, paths: overridden } = applyOverrides(raw, opts.overrides));
  }
  if (!isPlainObject(raw)) {
    throw new ScenarioError(file, {
      path: [],
      message: `the top level must be a mapping of scenario keys (name, durationS, traffic, providers, ...), got ${describeValue(raw)}`,
      line: 1,
      column: 1,
    });
  }

  // Price-table references become plain prices before validation (src/config/pricing/).
  const priced = resolveScenarioPricing(raw, file, opts.pricingSources ?? cliPricingSources());
  if (priced.providers !== undefined) raw.providers = priced.providers;
  const explained: ExplainedIssue[] = [...priced.issues];
  let seed: SeedRouterConfig | undefined;
  let input: Record<string, unknown> = raw;
  if (isSeedRouterConfig(raw.router)) {
    const r = seedRouterConfigSchema.safeParse(raw.router);
    if (r.success) {
      seed = r.data;
      input = { ...raw, router: seedToNativeRouter(r.data, raw.router) };
    } else {
      appendAll(explained, explainZodIssues(r.error.issues, { schema: seedRouterConfigSchema, value: raw.router, prefix: ['router'] }));
      input = { ...raw, router: {} };
    }
  }

  const parsed = scenarioSchema.safeParse(input);
  let scenario: Scenario | undefined;
  if (parsed.success) {
    appendAll(appendAll(explained, checkRouterStrategy(parsed.data.router)), resolveTrafficFiles(parsed.data, file));
    // traffic.quality.path is relative to the scenario file; the data is read (once) to report problems here.
    resolveQualityDataPath(parsed.data, file);
    appendAll(explained, checkQualityData(parsed.data));
    // The seed's router section may drop models: fallbacks are checked on what will run.
    const metricsSetSlo = isPlainObject(raw.metrics) && raw.metrics.sloSuccessRate !== undefined;
    const applied = seed === undefined ? { scenario: parsed.data, issues: [] } : applySeedToScenario(parsed.data, seed, metricsSetSlo);
    scenario = applied.scenario;
    appendAll(appendAll(appendAll(explained, applied.issues), checkFallbacks(scenario)), checkConcurrencyLimitIds(scenario));
  } else appendAll(explained, explainZodIssues(parsed.error.issues, { schema: scenarioSchema, value: input, prefix: [] }));

  // NaN / Infinity were already explained from the YAML source; drop zod's view of them.
  const nonFinite = src.issues.filter((i) => !overridden.some((p) => startsWith(i.path, p)));
  const rest = explained.filter((e) => !nonFinite.some((n) => startsWith(e.path, n.path)));
  const issues = [...nonFinite, ...positioned(src, overridden, rest)];
  if (issues.length > 0 || scenario === undefined) throw new ScenarioError(file, issues);
  // Warnings only for a file that loads, about the models that will run.
  if (opts.onWarning !== undefined) {
    for (const w of sortIssues(positioned(src, overridden, scenarioWarnings(raw, scenario)))) opts.onWarning(formatIssueLine(file, w, 'warning'));
  }
  return scenario;
}
