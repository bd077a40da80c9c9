import type { PathSegment } from './scenario-error.js';

/** A suspicious but valid setting: reported, never refused. */
export interface ScenarioWarning {
  readonly path: PathSegment[];
  readonly message: string;
}

const PRICE_KEYS = ['inputUsdPerMTok', 'outputUsdPerMTok', 'cachedInputUsdPerMTok', 'pricing'] as const;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Models that set no price at all in a scenario where other models do. Prices default to 0,
 * so such a model is free in every cost figure and cost-based strategies send it everything —
 * nearly always a forgotten field. Writing `inputUsdPerMTok: 0` says "free" on purpose and
 * silences this; a scenario where no model has a price is not warned about (cost is not its
 * question). Reads the raw document (after price-table references are resolved), since the
 * validated scenario can no longer tell a default from an explicit 0.
 */
export function unpricedModelWarnings(raw: Record<string, unknown>): ScenarioWarning[] {
  const models: { path: PathSegment[]; label: string; priced: boolean }[] = [];
  const providers = Array.isArray(raw.providers) ? raw.providers : [];
  providers.forEach((p: unknown, i) => {
    if (!isObject(p) || !Array.isArray(p.models)) return;
    p.models.forEach((m: unknown, j) => {
      if (!isObject(m)) return;
      const priced = PRICE_KEYS.some((k) => m[k] !== undefined);
      models.push({ path: ['providers', i, 'models', j], label: `${String(p.id)}/${String(m.id)}`, priced });
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
