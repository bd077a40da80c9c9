import { suggestionSuffix } from '../../core/did-you-mean.js';
import { isPlainObject } from '../../core/is-plain-object.js';
import { PriceTableError, UnknownPricedModelError, parsePriceTableJson, perTokenToPerMTok, type PriceQuote } from './price-quote.js';

/**
 * LiteLLM's `model_prices_and_context_window.json` (github.com/BerriAI/litellm, MIT): one
 * object keyed by model id ("gpt-4o", "azure/gpt-4o", "bedrock/..."), prices in USD per token.
 * The `sample_spec` key documents the format and is not a model.
 */
export interface LitellmEntry {
  readonly input_cost_per_token?: unknown;
  readonly output_cost_per_token?: unknown;
  readonly cache_read_input_token_cost?: unknown;
  readonly max_input_tokens?: unknown;
  readonly litellm_provider?: unknown;
  readonly mode?: unknown;
}

export interface LitellmPriceTable {
  readonly file: string;
  readonly entries: ReadonlyMap<string, LitellmEntry>;
}

const isFiniteNonNegative = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

export function parseLitellmPriceTable(text: string, file: string): LitellmPriceTable {
  const raw = parsePriceTableJson(text, file);
  if (!isPlainObject(raw)) {
    throw new PriceTableError(file, 'expected a JSON object keyed by model id (LiteLLM model_prices_and_context_window.json)');
  }
  const entries = new Map<string, LitellmEntry>();
  for (const [id, v] of Object.entries(raw)) {
    if (id === 'sample_spec' || !isPlainObject(v)) continue;
    entries.set(id, v as LitellmEntry);
  }
  if (entries.size === 0) throw new PriceTableError(file, 'has no model entries');
  return { file, entries };
}

/**
 * An entry's per-token prices (and context window), converted to per-million; undefined when
 * it lacks a usable input or output price. Also reads the same keys on a LiteLLM config's
 * litellm_params / model_info.
 */
export function quoteFromEntry(e: LitellmEntry): PriceQuote | undefined {
  if (!isFiniteNonNegative(e.input_cost_per_token) || !isFiniteNonNegative(e.output_cost_per_token)) return undefined;
  const cached = isFiniteNonNegative(e.cache_read_input_token_cost) ? perTokenToPerMTok(e.cache_read_input_token_cost) : undefined;
  const window = typeof e.max_input_tokens === 'number' && Number.isInteger(e.max_input_tokens) && e.max_input_tokens > 0 ? e.max_input_tokens : undefined;
  return {
    inputUsdPerMTok: perTokenToPerMTok(e.input_cost_per_token),
    outputUsdPerMTok: perTokenToPerMTok(e.output_cost_per_token),
    ...(cached !== undefined ? { cachedInputUsdPerMTok: cached } : {}),
    ...(window !== undefined ? { contextWindowTokens: window } : {}),
  };
}

/** The per-token prices of `id`, converted to per-million; throws UnknownPricedModelError. */
export function litellmQuote(table: LitellmPriceTable, id: string): PriceQuote {
  const e = table.entries.get(id);
  if (e === undefined) {
    throw new UnknownPricedModelError(id, `unknown LiteLLM model id '${id}' in ${table.file}${suggestionSuffix(id, table.entries.keys())}`);
  }
  const quote = quoteFromEntry(e);
  if (quote === undefined) {
    const mode = typeof e.mode === 'string' ? ` (mode: ${e.mode})` : '';
    throw new UnknownPricedModelError(id, `LiteLLM model '${id}'${mode} has no per-token input/output prices in ${table.file}`);
  }
  return quote;
}
