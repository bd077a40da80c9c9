import { didYouMean, suggestionText } from '../../core/did-you-mean.js';
import { groupBy } from '../../core/group-by.js';
import type { LitellmPriceTable } from '../../config/pricing/litellm-price-table.js';
import type { ImportWarning } from './import-warnings.js';
import { LitellmConfigError, type LitellmConfig, type LitellmDeployment, type YamlObject } from './litellm-config.js';
import { LITELLM_DEFAULTS } from './litellm-defaults.js';
import { FALLBACK_GROUP_WEIGHT, mapDeployments, sanitizeId, type MappedDeployment } from './litellm-deployments.js';
import { mapRouterSettings, type MappedRouterSettings } from './litellm-router-settings.js';
import { maxOf } from '../../core/bulk-array.js';

/**
 * A LiteLLM proxy config → a routesim scenario with the equivalent strategy and resilience
 * settings. routesim routes every request over all of a scenario's deployments, which is one
 * LiteLLM model group; the import takes one group (the largest, or `modelGroup`) and, with
 * `withFallbackGroups`, the groups it falls back to, wired as fallback chains. Every setting
 * that cannot be carried over becomes a warning.
 */
export interface ImportOptions {
  readonly modelGroup?: string;
  readonly withFallbackGroups?: boolean;
  readonly priceTable?: LitellmPriceTable;
  /** Placeholder traffic: Poisson arrivals at this rate (default 5/s). */
  readonly ratePerS?: number;
  readonly durationS?: number;
  readonly name?: string;
}

export interface ImportResult {
  /** The scenario as plain data (validate with parseScenarioText / loadScenarioFile). */
  readonly scenario: YamlObject;
  readonly warnings: readonly ImportWarning[];
  readonly modelGroup: string;
  readonly settings: MappedRouterSettings;
  readonly deployments: readonly MappedDeployment[];
}

function choosePrimary(cfg: LitellmConfig, groups: Map<string, LitellmDeployment[]>, wanted: string | undefined): string {
  if (wanted !== undefined) {
    if (groups.has(wanted)) return wanted;
    const close = didYouMean(wanted, groups.keys());
    throw new LitellmConfigError(cfg.file, `no model group '${wanted}' (--model-group)${suggestionText(close)} — groups: ${[...groups.keys()].join(', ')}`);
  }
  let best = '';
  for (const [name, list] of groups) if (best === '' || list.length > groups.get(best)!.length) best = name;
  return best;
}

export function importLitellmConfig(cfg: LitellmConfig, opts: ImportOptions = {}): ImportResult {
  const warnings: ImportWarning[] = [];
  const settings = mapRouterSettings(cfg, warnings);
  const groups = groupBy(cfg.deployments, (d) => d.modelName);
  const primary = choosePrimary(cfg, groups, opts.modelGroup);

  // Fallback groups of the primary group (LiteLLM uses default_fallbacks when a group has none).
  const fallbackGroups = settings.fallbacks.get(primary) ?? settings.defaultFallbacks;
  const contextGroups = settings.contextWindowFallbacks.get(primary) ?? [];
  const known = (g: string, kind: string) => {
    if (groups.has(g)) return true;
    warnings.push({ path: ['fallbacks', primary], message: `${kind} group '${g}' has no deployments in model_list; ignored` });
    return false;
  };
  const fb = fallbackGroups.filter((g) => g !== primary && known(g, 'fallback'));
  const cw = contextGroups.filter((g) => g !== primary && known(g, 'context-window fallback'));
  const included = [primary];
  if (opts.withFallbackGroups) {
    for (const g of [...fb, ...cw]) if (!included.includes(g)) included.push(g);
    if (included.length > 1) {
      const damp = settings.strategy === 'weighted-random' ? ` (weight ${FALLBACK_GROUP_WEIGHT}, so rarely)` : '';
      warnings.push({ path: ['fallbacks'], message: `routesim has no model groups: the deployments of ${included.slice(1).map((g) => `'${g}'`).join(', ')} also take first attempts${damp}, not only failed-over ones` });
    }
  } else {
    for (const g of fb) warnings.push({ path: ['fallbacks', primary], message: `fallback to model group '${g}' not imported (pass --with-fallback-groups to include its deployments)` });
    for (const g of cw) warnings.push({ path: ['context_window_fallbacks', primary], message: `context-window fallback to model group '${g}' not imported (pass --with-fallback-groups)` });
  }
  for (const [map, name] of [[settings.fallbacks, 'fallbacks'], [settings.contextWindowFallbacks, 'context_window_fallbacks']] as const) {
    for (const g of map.keys()) if (g !== primary) warnings.push({ path: [name, g], message: `applies to model group '${g}', which is not the simulated one ('${primary}'); ignored` });
  }
  for (const [g, list] of groups) {
    if (included.includes(g)) continue;
    for (const d of list) warnings.push({ path: ['model_list', d.index], message: `model group '${g}' not simulated: one scenario is one model group (use --model-group ${g})` });
  }

  const chosen = included.flatMap((g) => groups.get(g)!);
  const mapped = mapDeployments(chosen, { table: opts.priceTable, strategy: settings.strategy, primaryGroup: primary }, warnings);
  const idsOf = (gs: readonly string[]) => mapped.filter((m) => gs.includes(m.deployment.modelName)).map((m) => `${m.providerId}/${m.modelId}`);
  const fallbacks: YamlObject = { default: {}, contextWindow: {} };
  if (opts.withFallbackGroups) {
    for (const m of mapped.filter((x) => x.deployment.modelName === primary)) {
      const key = `${m.providerId}/${m.modelId}`;
      if (fb.length > 0) (fallbacks.default as YamlObject)[key] = idsOf(fb);
      if (cw.length > 0) (fallbacks.contextWindow as YamlObject)[key] = idsOf(cw);
    }
  }

  // A deployment's own timeout overrides the router's for it; routesim has one attempt timeout.
  const effective = mapped.map((m) => m.timeoutS ?? settings.timeoutS);
  const timeoutS = maxOf(effective);
  if (new Set(effective).size > 1) {
    for (const m of mapped) if (m.timeoutS !== undefined) warnings.push({ path: ['model_list', m.deployment.index, 'litellm_params', 'timeout'], message: `per-deployment timeouts differ; routesim has one attempt timeout, set to the longest (${timeoutS} s)` });
  }
  const attemptMs = timeoutS * 1000;
  const attemptsPerRequest = (settings.maxRetries + 1) * (1 + (opts.withFallbackGroups ? fb.length : 0));
  const baseBackoffMs = settings.retryAfterS * 1000;

  const router: YamlObject = {
    strategy: settings.strategy,
    ...(Object.keys(settings.params).length > 0 ? { params: settings.params } : {}),
    cooldown: settings.cooldownsDisabled
      ? false
      : { allowedFailsPerMinute: settings.allowedFails, failureRateThreshold: LITELLM_DEFAULTS.failureThreshold, cooldownMs: settings.cooldownTimeS * 1000, honourRetryAfter: true },
    // LiteLLM has no retry budget: every request may use all its retries.
    retries: { maxRetries: settings.maxRetries, baseBackoffMs, maxBackoffMs: Math.max(baseBackoffMs, 5000), budgetRatio: 1, sameDeployment: false },
    timeouts: { attemptMs, deadlineMs: attemptMs * attemptsPerRequest + baseBackoffMs * settings.maxRetries },
    fallbacks,
  };
  const name = sanitizeId(opts.name ?? `litellm-${primary}`);
  const scenario: YamlObject = {
    name,
    description: `Imported from LiteLLM config ${cfg.file}: model group '${primary}' (${mapped.length} deployments), routing_strategy ${settings.litellmStrategy} → ${settings.strategy}.`,
    seed: 1,
    durationS: opts.durationS ?? 3600,
    traffic: { arrivals: { kind: 'poisson', ratePerS: opts.ratePerS ?? 5 }, inputTokens: 500, outputTokens: 200 },
    providers: mapped.map((m) => m.provider),
    router,
    replications: 5,
  };
  return { scenario, warnings, modelGroup: primary, settings, deployments: mapped };
}
