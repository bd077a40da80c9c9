import type { PathSegment } from '../../config/scenario-error.js';
import { isPlainObject } from '../../core/is-plain-object.js';
import type { ImportWarning } from './import-warnings.js';
import type { LitellmConfig, YamlObject } from './litellm-config.js';
import { LITELLM_DEFAULTS, LITELLM_STRATEGIES, UNMAPPED_REASONS } from './litellm-defaults.js';

/**
 * router_settings and litellm_settings → the routing half of a scenario. router_settings wins
 * when both set a value (the Router reads its own argument before the module setting).
 */
export interface MappedRouterSettings {
  readonly litellmStrategy: string;
  readonly strategy: string;
  readonly params: YamlObject;
  readonly maxRetries: number;
  readonly retryAfterS: number;
  readonly allowedFails: number;
  readonly cooldownTimeS: number;
  readonly cooldownsDisabled: boolean;
  readonly timeoutS: number;
  /** Group → fallback groups, in order. */
  readonly fallbacks: ReadonlyMap<string, readonly string[]>;
  readonly contextWindowFallbacks: ReadonlyMap<string, readonly string[]>;
  readonly defaultFallbacks: readonly string[];
}

const ROUTER_MAPPED = new Set(['routing_strategy', 'routing_strategy_args', 'num_retries', 'retry_after', 'allowed_fails', 'cooldown_time', 'disable_cooldowns', 'timeout', 'fallbacks', 'context_window_fallbacks', 'default_fallbacks']);
const LITELLM_MAPPED = new Set(['num_retries', 'request_timeout', 'fallbacks', 'context_window_fallbacks', 'default_fallbacks', 'allowed_fails', 'cooldown_time']);

function reason(key: string, fallback: string): string {
  return UNMAPPED_REASONS[key] ?? fallback;
}

/** `[{gpt-4o: [a, b]}, ...]` (the documented form) or `{gpt-4o: [a, b]}` → map. */
function fallbackMap(v: unknown, path: readonly PathSegment[], warnings: ImportWarning[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (obj: YamlObject) => {
    for (const [group, targets] of Object.entries(obj)) {
      const list = Array.isArray(targets) ? targets.filter((t): t is string => typeof t === 'string') : typeof targets === 'string' ? [targets] : [];
      if (list.length === 0) warnings.push({ path: [...path, group], message: 'expected a list of model group names; ignored' });
      else out.set(group, [...(out.get(group) ?? []), ...list]);
    }
  };
  if (Array.isArray(v)) v.forEach((item, i) => (isPlainObject(item) ? add(item) : warnings.push({ path: [...path, i], message: 'expected {group: [fallback groups]}; ignored' })));
  else if (isPlainObject(v)) add(v);
  else if (v !== undefined && v !== null) warnings.push({ path, message: 'expected a list of {group: [fallback groups]}; ignored' });
  return out;
}

function positiveNumber(v: unknown, path: readonly PathSegment[], warnings: ImportWarning[], allowZero = false): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number' && Number.isFinite(v) && (v > 0 || (allowZero && v === 0))) return v;
  warnings.push({ path, message: `expected a ${allowZero ? 'non-negative' : 'positive'} number, got ${JSON.stringify(v)}; using the LiteLLM default` });
  return undefined;
}

export function mapRouterSettings(cfg: LitellmConfig, warnings: ImportWarning[]): MappedRouterSettings {
  const r = cfg.routerSettings;
  const l = cfg.litellmSettings;
  for (const key of Object.keys(r)) if (!ROUTER_MAPPED.has(key)) warnings.push({ path: ['router_settings', key], message: reason(key, 'no routesim equivalent; ignored') });
  for (const key of Object.keys(l)) if (!LITELLM_MAPPED.has(key)) warnings.push({ path: ['litellm_settings', key], message: reason(key, 'proxy/SDK setting with no effect on routing in routesim; ignored') });
  for (const key of Object.keys(cfg.generalSettings)) warnings.push({ path: ['general_settings', key], message: reason(key, 'proxy server setting, not simulated; ignored') });
  for (const key of Object.keys(cfg.otherTopLevel)) warnings.push({ path: [key], message: 'not a routing setting; ignored' });

  for (const [rk, lk] of [['num_retries', 'num_retries'], ['timeout', 'request_timeout'], ['allowed_fails', 'allowed_fails'], ['cooldown_time', 'cooldown_time'], ['fallbacks', 'fallbacks'], ['context_window_fallbacks', 'context_window_fallbacks'], ['default_fallbacks', 'default_fallbacks']]) {
    if (r[rk] !== undefined && l[lk] !== undefined && JSON.stringify(r[rk]) !== JSON.stringify(l[lk])) {
      warnings.push({ path: ['litellm_settings', lk], message: `overridden by router_settings.${rk} (the Router's own argument wins)` });
    }
  }
  // router_settings first, then litellm_settings, then LiteLLM's default.
  const pick = (routerKey: string, litellmKey: string | undefined, allowZero: boolean): number | undefined =>
    positiveNumber(r[routerKey], ['router_settings', routerKey], warnings, allowZero) ??
    (litellmKey === undefined ? undefined : positiveNumber(l[litellmKey], ['litellm_settings', litellmKey], warnings, allowZero));

  const litellmStrategy = typeof r.routing_strategy === 'string' ? r.routing_strategy : LITELLM_DEFAULTS.routingStrategy;
  let strategy = LITELLM_STRATEGIES[litellmStrategy];
  if (strategy === undefined) {
    warnings.push({ path: ['router_settings', 'routing_strategy'], message: `unknown strategy '${litellmStrategy}' (known: ${Object.keys(LITELLM_STRATEGIES).join(', ')}); using weighted-random (simple-shuffle)` });
    strategy = 'weighted-random';
  }
  const params: YamlObject = {};
  if (isPlainObject(r.routing_strategy_args)) {
    for (const [key, value] of Object.entries(r.routing_strategy_args)) {
      const path = ['router_settings', 'routing_strategy_args', key];
      if (key === 'lowest_latency_buffer' && strategy === 'latency-based' && typeof value === 'number' && value >= 0) params.buffer = value;
      else if (key === 'ttl') warnings.push({ path, message: 'the latency window is the router\'s historySize/ewmaHalfLifeMs in routesim; not mapped' });
      else warnings.push({ path, message: `no ${strategy} parameter corresponds; ignored` });
    }
  } else if (r.routing_strategy_args !== undefined) warnings.push({ path: ['router_settings', 'routing_strategy_args'], message: 'expected a mapping; ignored' });

  const mergedFallbacks = (key: string) => {
    const fromRouter = fallbackMap(r[key], ['router_settings', key], warnings);
    const fromLitellm = fallbackMap(l[key], ['litellm_settings', key], warnings);
    for (const [g, list] of fromLitellm) if (!fromRouter.has(g)) fromRouter.set(g, list);
    return fromRouter;
  };
  const defaults = r.default_fallbacks ?? l.default_fallbacks;
  const defaultFallbacks = Array.isArray(defaults) ? defaults.filter((x): x is string => typeof x === 'string') : [];
  const cooldownsDisabled = r.disable_cooldowns === true;

  return {
    litellmStrategy,
    strategy,
    params,
    maxRetries: Math.round(pick('num_retries', 'num_retries', true) ?? LITELLM_DEFAULTS.numRetries),
    retryAfterS: pick('retry_after', undefined, true) ?? LITELLM_DEFAULTS.retryAfterS,
    allowedFails: Math.round(pick('allowed_fails', 'allowed_fails', true) ?? LITELLM_DEFAULTS.allowedFails),
    cooldownTimeS: pick('cooldown_time', 'cooldown_time', false) ?? LITELLM_DEFAULTS.cooldownTimeS,
    cooldownsDisabled,
    timeoutS: pick('timeout', 'request_timeout', false) ?? LITELLM_DEFAULTS.requestTimeoutS,
    fallbacks: mergedFallbacks('fallbacks'),
    contextWindowFallbacks: mergedFallbacks('context_window_fallbacks'),
    defaultFallbacks,
  };
}
