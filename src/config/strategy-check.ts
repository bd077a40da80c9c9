import { getStrategy, STRATEGY_NAMES } from '../routing/strategies/registry.js';
import { didYouMean } from './did-you-mean.js';
import type { RouterConfig } from './router-schema.js';
import { explainZodIssues, type ExplainedIssue } from './zod-issues.js';

/**
 * Checks `router.strategy` and `router.params` against the strategy registry at load time,
 * so a misspelt strategy or a bad param is reported with its line:column by `validate`
 * instead of surfacing when the run starts.
 */
export function checkRouterStrategy(router: RouterConfig): ExplainedIssue[] {
  if (!STRATEGY_NAMES.includes(router.strategy)) {
    const s = didYouMean(router.strategy, STRATEGY_NAMES);
    return [
      {
        path: ['router', 'strategy'],
        message: `unknown strategy '${router.strategy}'${s ? `; did you mean '${s}'?` : ''} (see \`routesim strategies\`)`,
      },
    ];
  }
  const schema = getStrategy(router.strategy).paramsSchema;
  const r = schema.safeParse(router.params);
  if (r.success) return [];
  return explainZodIssues(r.error.issues, { schema, value: router.params, prefix: ['router', 'params'] });
}
