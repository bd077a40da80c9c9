import { suggestionSuffix } from '../../core/did-you-mean.js';
import { parseIsoInstant, parseTimeOfDay } from '../../core/civil-time.js';
import { isPlainObject } from '../../core/is-plain-object.js';
import { PriceTableError, UnknownPricedModelError, parsePriceTableJson } from './price-quote.js';

/**
 * pydantic genai-prices `data.json` (github.com/pydantic/genai-prices, MIT; schema in
 * `data.schema.json`): a list of providers, each with models whose `prices` are either one
 * price set or a list of conditional price sets (a start date, or a daily time window such
 * as DeepSeek's off-peak hours). Later conditional prices take precedence over earlier ones;
 * when none applies, the first is used. Tiered prices ({base, tiers}) are read at their base
 * rate: the simulator bills one rate per model.
 */

export interface GenaiPriceSet {
  readonly inputUsdPerMTok: number;
  readonly outputUsdPerMTok: number;
  readonly cachedInputUsdPerMTok?: number;
}

export type GenaiConstraint =
  | { readonly kind: 'from'; readonly atEpochS: number }
  /** Daily window [startS, endS) in seconds after midnight UTC; wraps midnight when endS <= startS. */
  | { readonly kind: 'daily'; readonly startS: number; readonly endS: number };

export interface GenaiConditionalPrice {
  readonly constraint?: GenaiConstraint;
  readonly prices: GenaiPriceSet;
}

export interface GenaiModel {
  readonly providerId: string;
  readonly id: string;
  readonly matches: (modelRef: string) => boolean;
  readonly contextWindowTokens?: number;
  readonly prices: readonly GenaiConditionalPrice[];
}

export interface GenaiPriceTable {
  readonly file: string;
  readonly providerIds: readonly string[];
  readonly models: readonly GenaiModel[];
}

/** A price field: a number or {base, tiers} (read at base). */
function rate(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return v;
  if (isPlainObject(v)) return rate(v.base);
  return undefined;
}

function priceSet(v: unknown): GenaiPriceSet | undefined {
  if (!isPlainObject(v)) return undefined;
  const input = rate(v.input_mtok);
  const output = rate(v.output_mtok);
  if (input === undefined && output === undefined) return undefined;
  const cached = rate(v.cache_read_mtok);
  return { inputUsdPerMTok: input ?? 0, outputUsdPerMTok: output ?? 0, ...(cached !== undefined ? { cachedInputUsdPerMTok: cached } : {}) };
}

function constraint(v: unknown): GenaiConstraint | undefined | 'invalid' {
  if (v === undefined || v === null) return undefined;
  if (!isPlainObject(v)) return 'invalid';
  if (typeof v.start_date === 'string') {
    const at = parseIsoInstant(v.start_date);
    return at === undefined ? 'invalid' : { kind: 'from', atEpochS: at };
  }
  if (typeof v.start_time === 'string' && typeof v.end_time === 'string') {
    const startS = parseTimeOfDay(v.start_time), endS = parseTimeOfDay(v.end_time);
    return startS === undefined || endS === undefined ? 'invalid' : { kind: 'daily', startS, endS };
  }
  return 'invalid';
}

/** Evaluates a genai-prices match clause against a model reference; unknown clauses never match. */
function matcher(clause: unknown): (s: string) => boolean {
  if (!isPlainObject(clause)) return () => false;
  if (typeof clause.equals === 'string') { const x = clause.equals; return (s) => s === x; }
  if (typeof clause.starts_with === 'string') { const x = clause.starts_with; return (s) => s.startsWith(x); }
  if (typeof clause.ends_with === 'string') { const x = clause.ends_with; return (s) => s.endsWith(x); }
  if (typeof clause.contains === 'string') { const x = clause.contains; return (s) => s.includes(x); }
  if (typeof clause.regex === 'string') {
    try {
      const re = new RegExp(clause.regex);
      return (s) => re.test(s);
    } catch {
      return () => false; // a Python-only regex feature: this clause cannot match here
    }
  }
  if (Array.isArray(clause.or)) { const parts = clause.or.map(matcher); return (s) => parts.some((p) => p(s)); }
  if (Array.isArray(clause.and)) { const parts = clause.and.map(matcher); return (s) => parts.every((p) => p(s)); }
  return () => false;
}

export function parseGenaiPriceTable(text: string, file: string): GenaiPriceTable {
  const raw = parsePriceTableJson(text, file);
  if (!Array.isArray(raw)) throw new PriceTableError(file, 'expected a JSON list of providers (genai-prices data.json)');
  const providerIds: string[] = [];
  const models: GenaiModel[] = [];
  raw.forEach((p, i) => {
    if (!isPlainObject(p) || typeof p.id !== 'string' || !Array.isArray(p.models)) {
      throw new PriceTableError(file, `provider #${i + 1} has no string 'id' or no 'models' list`);
    }
    const providerId = p.id;
    providerIds.push(providerId);
    for (const m of p.models) {
      if (!isPlainObject(m) || typeof m.id !== 'string') continue;
      const list = Array.isArray(m.prices) ? m.prices : [{ prices: m.prices }];
      const prices: GenaiConditionalPrice[] = [];
      for (const c of list) {
        if (!isPlainObject(c)) continue;
        const set = priceSet(c.prices);
        const cons = constraint(c.constraint);
        if (set === undefined || cons === 'invalid') continue;
        prices.push(cons === undefined ? { prices: set } : { constraint: cons, prices: set });
      }
      if (prices.length === 0) continue; // no token prices (e.g. per-request only)
      const window = typeof m.context_window === 'number' && Number.isInteger(m.context_window) && m.context_window > 0 ? m.context_window : undefined;
      models.push({ providerId, id: m.id, matches: matcher(m.match), prices, ...(window !== undefined ? { contextWindowTokens: window } : {}) });
    }
  });
  if (models.length === 0) throw new PriceTableError(file, 'has no priced models');
  return { file, providerIds, models };
}

const list = (xs: readonly string[]) => xs.map((x) => `'${x}'`).join(', ');

/**
 * The model a scenario means by (`modelRef`, optional `providerId`): an exact id first, then
 * the table's own match rules. A reference several providers list is ambiguous without a
 * provider. Throws UnknownPricedModelError with a did-you-mean.
 */
export function findGenaiModel(table: GenaiPriceTable, modelRef: string, providerId?: string): GenaiModel {
  let pool = table.models;
  if (providerId !== undefined) {
    if (!table.providerIds.includes(providerId)) {
      throw new UnknownPricedModelError(modelRef, `unknown genai-prices provider '${providerId}' in ${table.file}${suggestionSuffix(providerId, table.providerIds)}`, 'provider');
    }
    pool = pool.filter((m) => m.providerId === providerId);
  }
  const exact = pool.filter((m) => m.id === modelRef);
  const hits = exact.length > 0 ? exact : pool.filter((m) => m.matches(modelRef));
  if (hits.length > 0) {
    const providers = [...new Set(hits.map((m) => m.providerId))];
    if (providers.length > 1) {
      throw new UnknownPricedModelError(modelRef, `genai-prices model '${modelRef}' is listed by several providers (${list(providers)}); add 'provider:' to the pricing`);
    }
    return hits[0];
  }
  const where = providerId === undefined ? '' : ` (provider '${providerId}')`;
  throw new UnknownPricedModelError(modelRef, `unknown genai-prices model '${modelRef}'${where} in ${table.file}${suggestionSuffix(modelRef, new Set(pool.map((m) => m.id)))}`);
}
