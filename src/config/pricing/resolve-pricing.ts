import { dirname, isAbsolute, join } from 'node:path';
import type { PathSegment } from '../scenario-error.js';
import type { ExplainedIssue } from '../zod-issues.js';
import { parseIsoInstant } from '../../core/civil-time.js';
import { isPlainObject } from '../../core/is-plain-object.js';
import { findGenaiModel } from './genai-price-table.js';
import { PriceScheduleTooLongError, genaiSchedule } from './genai-price-schedule.js';
import { litellmQuote } from './litellm-price-table.js';
import { PriceTableError, UnknownPricedModelError, type PriceChange, type PriceQuote } from './price-quote.js';
import { loadGenaiPriceTable, loadLitellmPriceTable } from './price-table-files.js';
import { PRICE_TABLE_NAMES, type PriceTableName } from './pricing-schema.js';
import type { PricingSourcePaths } from './pricing-sources.js';

/**
 * Load-time step that replaces `pricing: { from, model }` references by plain numbers, before
 * validation, so the rest of the system only ever sees `inputUsdPerMTok` & co. Fields the
 * model states explicitly win over the table. genai-prices' dated prices become entries of
 * the provider's `priceChanges` (simulated second 0 = `pricingStartDate`).
 *
 * Malformed `pricing` blocks are left alone: schema validation reports those. Problems only
 * this step can see (unknown model id, unreadable table) come back as issues with the field
 * path, so the loader positions them in the file like any other.
 */

type Obj = Record<string, unknown>;

const QUOTE_FIELDS = ['inputUsdPerMTok', 'outputUsdPerMTok', 'cachedInputUsdPerMTok', 'contextWindowTokens'] as const;
const CHANGE_FIELDS = ['inputUsdPerMTok', 'outputUsdPerMTok', 'cachedInputUsdPerMTok'] as const;

interface Source {
  /** Path to open (absolute, or relative to the working directory). */
  readonly open: string;
  /** Where a problem with it is reported: the scenario's pricingSources key, or none (a CLI flag). */
  readonly issuePath?: PathSegment[];
  /** The CLI flag that named it, if any. */
  readonly flag?: string;
}

function sourceFor(key: 'litellm' | 'genaiPrices', raw: Obj, file: string, cli: PricingSourcePaths): Source | undefined {
  const flag = key === 'litellm' ? '--prices-litellm' : '--prices-genai';
  const fromCli = cli[key];
  if (fromCli !== undefined) return { open: fromCli, flag };
  const declared = isPlainObject(raw.pricingSources) ? raw.pricingSources[key] : undefined;
  if (typeof declared !== 'string' || declared === '') return undefined;
  const open = isAbsolute(declared) ? declared : join(dirname(file), declared);
  return { open, issuePath: ['pricingSources', key] };
}

export interface PricingResolution {
  /** The scenario's providers with prices filled in; undefined when nothing changed. */
  readonly providers?: unknown[];
  readonly issues: ExplainedIssue[];
}

function usesPricing(raw: Obj): boolean {
  return Array.isArray(raw.providers) && raw.providers.some((p) => isPlainObject(p) && Array.isArray(p.models) && p.models.some((m) => isPlainObject(m) && m.pricing !== undefined));
}

const isPriceTableName = (v: unknown): v is PriceTableName => (PRICE_TABLE_NAMES as readonly unknown[]).includes(v);

export function resolveScenarioPricing(raw: Obj, file: string, cli: PricingSourcePaths = {}): PricingResolution {
  const issues: ExplainedIssue[] = [];
  if (!usesPricing(raw)) return { issues };
  // A malformed or impossible date is the schema's to report (pricingStartDateSchema); here it is just absent.
  const startEpochS = typeof raw.pricingStartDate === 'string' ? parseIsoInstant(raw.pricingStartDate) : undefined;

  const durationS = typeof raw.durationS === 'number' ? raw.durationS : 0;
  const sources = { litellm: sourceFor('litellm', raw, file, cli), 'genai-prices': sourceFor('genaiPrices', raw, file, cli) };
  const failedTables = new Set<string>();
  const providers = (raw.providers as unknown[]).map((p, i) => {
    if (!isPlainObject(p) || !Array.isArray(p.models)) return p;
    const addedChanges: Obj[] = [];
    const models = p.models.map((m, j) => {
      if (!isPlainObject(m) || !isPlainObject(m.pricing)) return m;
      const { from, model, provider } = m.pricing;
      if (!isPriceTableName(from) || typeof model !== 'string' || model === '') return m;
      const at: PathSegment[] = ['providers', i, 'models', j, 'pricing'];
      const source = sources[from];
      if (source === undefined) {
        const how = from === 'litellm' ? 'pricingSources.litellm in the scenario or pass --prices-litellm PATH' : 'pricingSources.genaiPrices in the scenario or pass --prices-genai PATH';
        issues.push({ path: [...at, 'from'], message: `no ${from === 'litellm' ? 'LiteLLM' : 'genai-prices'} price table given: set ${how}` });
        return m;
      }
      try {
        let quote: PriceQuote;
        let changes: readonly PriceChange[] = [];
        if (from === 'litellm') {
          if (provider !== undefined) {
            issues.push({ path: [...at, 'provider'], message: "'provider' applies to genai-prices only (LiteLLM ids carry their provider, e.g. 'azure/gpt-4o')" });
            return m;
          }
          quote = litellmQuote(loadLitellmPriceTable(source.open), model);
        } else {
          const table = loadGenaiPriceTable(source.open);
          const schedule = genaiSchedule(findGenaiModel(table, model, typeof provider === 'string' ? provider : undefined), { startEpochS, durationS });
          quote = schedule.initial;
          changes = schedule.changes;
        }
        const filled: Obj = { ...m };
        for (const f of QUOTE_FIELDS) if (!(f in m) && quote[f] !== undefined) filled[f] = quote[f];
        if (typeof m.id === 'string') {
          for (const c of changes) {
            const change: Obj = { atS: c.atS, model: m.id };
            for (const f of CHANGE_FIELDS) if (!(f in m) && c[f] !== undefined) change[f] = c[f];
            if (Object.keys(change).length > 2) addedChanges.push(change);
          }
        }
        return filled;
      } catch (e) {
        if (e instanceof PriceTableError) {
          if (!failedTables.has(source.open)) issues.push({ path: source.issuePath ?? [...at, 'from'], message: source.flag === undefined ? e.message : `${e.message} (${source.flag})` });
          failedTables.add(source.open);
        } else if (e instanceof UnknownPricedModelError) {
          issues.push({ path: [...at, e.field], message: e.message });
        } else if (e instanceof PriceScheduleTooLongError) {
          issues.push({ path: at, message: e.message });
        } else throw e;
        return m;
      }
    });
    const out: Obj = { ...p, models };
    if (addedChanges.length > 0) {
      if (p.priceChanges === undefined) out.priceChanges = addedChanges;
      else if (Array.isArray(p.priceChanges)) out.priceChanges = [...p.priceChanges, ...addedChanges];
    }
    return out;
  });
  return { providers, issues };
}
