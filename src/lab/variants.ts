/**
 * A scenario's `variants:` as configurations to compare: each variant is the scenario file with
 * its overrides applied and validated again by the loader. Every problem is a ScenarioError on
 * the variant's key (file, path and line): an unknown variant name, an override of an unknown
 * setting or of the traffic section, a value the setting refuses.
 */
import { parseScenarioText } from '../config/load-scenario.js';
import { parseOverridePath } from '../config/overrides.js';
import { ScenarioError, type PathSegment } from '../config/scenario-error.js';
import type { Scenario } from '../config/scenario-schema.js';
import { locatePath } from '../config/yaml-locate.js';
import { parseYamlSource } from '../config/yaml-source.js';
import { suggestionSuffix } from '../core/did-you-mean.js';
import type { ComparedConfig } from './compare.js';
import { checkSetPath } from './sweep-settings.js';

/** Settings a variant may not change: they would break common random numbers. */
const FIXED_ROOTS = ['traffic', 'durationS', 'seed', 'metrics', 'variants', 'replications', 'claims'];

/** The label of the unmodified scenario among its variants. */
export const BASE_VARIANT = 'base';

/**
 * The base scenario plus the variants named (`all`: every one, in file order). `base` is the
 * scenario as written (unless the file defines a variant of that name).
 */
export function variantConfigs(text: string, file: string, base: Scenario, names: readonly string[] | 'all'): ComparedConfig[] {
  const declared = base.variants ?? {};
  const declaredNames = Object.keys(declared);
  if (declaredNames.length === 0) throw new ScenarioError(file, { path: ['variants'], message: 'the scenario defines no variants (add a variants: mapping of name → overrides)', line: 1, column: 1 });
  const src = parseYamlSource(text, file);
  const at = (path: PathSegment[], message: string) => new ScenarioError(file, { path, message, ...(locatePath(src.doc, src.lineCounter, path, { key: true }) ?? {}) });
  const wanted = names === 'all' ? declaredNames : [...names];
  for (const n of wanted) {
    if (!declaredNames.includes(n)) throw at(['variants'], `--variants names '${n}', which this scenario does not define${suggestionSuffix(n, declaredNames)} (variants: ${declaredNames.join(', ')})`);
  }
  const configs: ComparedConfig[] = declaredNames.includes(BASE_VARIANT)
    ? []
    : [{ label: BASE_VARIANT, scenario: base, strategy: base.router.strategy, description: `${base.router.strategy}, the scenario as written` }];
  for (const name of wanted) {
    const overrides = declared[name];
    for (const key of Object.keys(overrides)) {
      const path: PathSegment[] = ['variants', name, key];
      let segments: PathSegment[];
      try {
        segments = parseOverridePath(key);
      } catch {
        throw at(path, `'${key}' is not a setting path (use dots, e.g. router.circuitBreaker or providers.fast.weight)`);
      }
      if (FIXED_ROOTS.includes(String(segments[0]))) {
        throw at(path, `a variant cannot change '${segments[0]}': variants share the traffic and the measurement (common random numbers); change router or provider settings`);
      }
      try {
        checkSetPath(src.value, key);
      } catch (e) {
        throw at(path, e instanceof Error ? e.message.replace(/^--set [^:]*: /, '') : String(e));
      }
    }
    let scenario: Scenario;
    try {
      scenario = parseScenarioText(text, file, { overrides: overrides as Record<string, unknown> });
    } catch (e) {
      if (!(e instanceof ScenarioError)) throw e;
      throw at(['variants', name], `variant '${name}': ${e.issues[0].message}${e.issues[0].path.length > 0 ? ` (at ${e.issues[0].path.join('.')})` : ''}`);
    }
    const changed = Object.keys(overrides).join(', ');
    configs.push({ label: name, scenario, strategy: scenario.router.strategy, description: `${scenario.router.strategy}${changed ? `; sets ${changed}` : ''}` });
  }
  return configs;
}
