import { buildFallbackPlan, FallbackConfigError } from '../routing/resilience/fallback-plan.js';
import { getStrategy, STRATEGY_NAMES } from '../routing/strategies/registry.js';
import { buildDeployments } from '../sim/world/build-deployments.js';
import type { Scenario } from './scenario-schema.js';
import { didYouMean, suggestionText } from '../core/did-you-mean.js';
import type { RouterConfig } from './router-schema.js';
import type { PathSegment } from './scenario-error.js';
import { explainZodIssues, type ExplainedIssue } from './zod-issues.js';
import { appendAll } from '../core/bulk-array.js';

/**
 * Checks the router's strategy names and params against the strategy registry at load time
 * (`strategy` + `params`, and every entry of `strategyParams`), so a misspelt strategy or a
 * bad param is reported with its line:column by `validate` instead of when a run starts.
 */
export function checkRouterStrategy(router: RouterConfig): ExplainedIssue[] {
  const issues = checkOne(router.strategy, router.params, ['router', 'strategy'], ['router', 'params'], false);
  for (const [name, params] of Object.entries(router.strategyParams ?? {})) {
    appendAll(issues, checkOne(name, params, ['router', 'strategyParams', name], ['router', 'strategyParams', name], true));
  }
  return issues;
}

function checkOne(name: string, params: unknown, namePath: PathSegment[], paramsPath: PathSegment[], nameIsKey: boolean): ExplainedIssue[] {
  if (!STRATEGY_NAMES.includes(name)) {
    const s = didYouMean(name, STRATEGY_NAMES);
    const what = nameIsKey ? `params for unknown strategy '${name}'` : `unknown strategy '${name}'`;
    return [{ path: namePath, atKey: nameIsKey, message: `${what}${suggestionText(s)} (see \`routesim strategies\`)` }];
  }
  const schema = getStrategy(name).paramsSchema;
  const r = schema.safeParse(params);
  if (r.success) return [];
  return explainZodIssues(r.error.issues, { schema, value: params, prefix: paramsPath });
}

/**
 * Warnings from the strategies themselves (StrategyDefinition.paramWarnings) about valid but
 * suspicious params, for the router's strategy and every entry of strategyParams.
 */
export function strategyParamWarnings(scenario: Scenario): ExplainedIssue[] {
  const r = scenario.router;
  const env = { deployments: buildDeployments(scenario) };
  const entries: [string, unknown, PathSegment[]][] = [
    [r.strategy, r.params, ['router', 'params']],
    ...Object.entries(r.strategyParams).map(([name, params]): [string, unknown, PathSegment[]] => [name, params, ['router', 'strategyParams', name]]),
  ];
  return entries.flatMap(([name, params, prefix]) => {
    const def = getStrategy(name);
    const parsed = def.paramWarnings === undefined ? undefined : def.paramsSchema.safeParse(params);
    if (parsed === undefined || !parsed.success) return [];
    return def.paramWarnings!(parsed.data, env).map((w) => ({ path: [...prefix, ...w.path], message: w.message, atKey: w.atKey }));
  });
}

/**
 * Fallback chains name deployments ("provider/model") or providers: unknown names and cycles
 * (a → b → a) are refused at load time with the path of the offending entry.
 */
export function checkFallbacks(scenario: Scenario): ExplainedIssue[] {
  try {
    buildFallbackPlan(scenario.router.fallbacks, buildDeployments(scenario));
    return [];
  } catch (e) {
    if (e instanceof FallbackConfigError) return [{ path: e.path as PathSegment[], message: e.detail }];
    throw e;
  }
}
