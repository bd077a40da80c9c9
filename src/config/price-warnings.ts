import { isPlainObject } from '../core/is-plain-object.js';
import type { PathSegment } from './scenario-error.js';
import type { Scenario } from './scenario-schema.js';
import type { ExplainedIssue } from './zod-issues.js';

const PRICE_KEYS = ['inputUsdPerMTok', 'outputUsdPerMTok', 'cachedInputUsdPerMTok', 'pricing'] as const;

/**
 * Models that set no price at all in a scenario where other models do. Prices default to 0,
 * so such a model is free in every cost figure and cost-based strategies send it everything —
 * nearly always a forgotten field. Writing `inputUsdPerMTok: 0` says "free" on purpose and
 * silences this; a scenario where no model has a price is not warned about (cost is not its
 * question). Reads the raw document (after price-table references are resolved), since the
 * validated scenario can no longer tell a default from an explicit 0; only models of the
 * validated `scenario` count (a seed router section may drop some).
 */
export function unpricedModelWarnings(raw: Record<string, unknown>, scenario: Scenario): ExplainedIssue[] {
  const running = new Set(scenario.providers.flatMap((p) => p.models.map((m) => `${p.id}/${m.id}`)));
  const models: { path: PathSegment[]; label: string; priced: boolean }[] = [];
  const providers = Array.isArray(raw.providers) ? raw.providers : [];
  providers.forEach((p: unknown, i) => {
    if (!isPlainObject(p) || !Array.isArray(p.models)) return;
    p.models.forEach((m: unknown, j) => {
      const label = isPlainObject(m) ? `${String(p.id)}/${String(m.id)}` : '';
      if (!isPlainObject(m) || !running.has(label)) return;
      models.push({ path: ['providers', i, 'models', j], label, priced: PRICE_KEYS.some((k) => m[k] !== undefined) });
    });
  });
  const pricedCount = models.filter((m) => m.priced).length;
  if (pricedCount === 0) return [];
  const others = `${pricedCount} other model${pricedCount === 1 ? ' does' : 's do'}`;
  return models
    .filter((m) => !m.priced)
    .map((m) => ({
      path: m.path,
      message:
        `${m.label} sets no price while ${others}: its prices default to 0, so its requests count as free ` +
        'and cost-based strategies prefer it. Set inputUsdPerMTok and outputUsdPerMTok (0 if it really is free) or pricing: { from: … }',
    }));
}
