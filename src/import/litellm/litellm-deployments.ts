import { litellmQuote, quoteFromEntry, type LitellmPriceTable } from '../../config/pricing/litellm-price-table.js';
import { UnknownPricedModelError, type PriceQuote } from '../../config/pricing/price-quote.js';
import type { PathSegment } from '../../config/scenario-error.js';
import { hostOf } from './config-secrets.js';
import type { ImportWarning } from './import-warnings.js';
import type { LitellmDeployment, YamlObject } from './litellm-config.js';
import { CONNECTION_KEYS, UNMAPPED_REASONS } from './litellm-defaults.js';

/**
 * model_list entries → scenario providers, one provider per deployment: LiteLLM keeps
 * rpm/tpm per deployment, and routesim's rate limits are per provider. Provider ids come
 * from the LiteLLM model prefix (`azure/...` → azure), made unique with the api_base host
 * (or else the model group) when a prefix appears more than once.
 *
 * simple-shuffle weights are per model group in LiteLLM. Deployments of the primary group
 * keep them; deployments of imported fallback groups get a token weight so that, in a
 * simulator without model groups, they rarely take first attempts.
 */
export interface MappedDeployment {
  readonly deployment: LitellmDeployment;
  readonly providerId: string;
  readonly modelId: string;
  readonly provider: YamlObject;
  /** Per-deployment timeout in seconds, when set. */
  readonly timeoutS?: number;
  /** Where the price came from, for the scenario's header. */
  readonly priceSource: string;
}

const PARAMS_MAPPED = new Set(['model', 'rpm', 'tpm', 'weight', 'order', 'timeout', 'input_cost_per_token', 'output_cost_per_token', 'cache_read_input_token_cost', 'custom_llm_provider', 'api_base']);
const INFO_MAPPED = new Set(['base_model', 'max_input_tokens', 'input_cost_per_token', 'output_cost_per_token', 'cache_read_input_token_cost']);
const EXTRA_MAPPED = new Set(['rpm', 'tpm']);

/** Weight of fallback-group deployments under weighted-random: ~0.1% of first attempts per unit of primary weight. */
export const FALLBACK_GROUP_WEIGHT = 0.001;

export const sanitizeId = (s: string) => s.replace(/[^A-Za-z0-9_.:-]+/g, '-').replace(/^-+|-+$/g, '') || 'x';

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined);

function prefixOf(d: LitellmDeployment, table: LitellmPriceTable | undefined): string {
  if (typeof d.params.custom_llm_provider === 'string') return d.params.custom_llm_provider;
  const model = d.params.model as string;
  const slash = model.indexOf('/');
  if (slash > 0) return model.slice(0, slash);
  const provider = table?.entries.get(model)?.litellm_provider;
  return typeof provider === 'string' ? provider : 'openai'; // LiteLLM's default for bare ids
}

/** First label of the api_base host: never its userinfo (`https://sk-live-…@host`) or query. */
function hostLabel(apiBase: unknown): string | undefined {
  return hostOf(apiBase)?.split('.')[0];
}

/** Price ids to try in the LiteLLM table, most specific first. */
function priceIds(d: LitellmDeployment, prefix: string): string[] {
  const model = d.params.model as string;
  const bare = model.startsWith(`${prefix}/`) ? model.slice(prefix.length + 1) : model;
  const base = typeof d.modelInfo.base_model === 'string' ? d.modelInfo.base_model : undefined;
  const ids = [base, base !== undefined && !base.includes('/') ? `${prefix}/${base}` : undefined, model, bare, `${prefix}/${bare}`];
  return [...new Set(ids.filter((x): x is string => x !== undefined))];
}

function quoteFor(d: LitellmDeployment, prefix: string, table: LitellmPriceTable | undefined): { quote?: PriceQuote; source: string; tried: string[] } {
  // Prices written in the config: litellm_params first, then model_info (a context window there is read separately).
  const price = (key: 'input_cost_per_token' | 'output_cost_per_token' | 'cache_read_input_token_cost') => num(d.params[key]) ?? num(d.modelInfo[key]);
  const own = quoteFromEntry({ input_cost_per_token: price('input_cost_per_token'), output_cost_per_token: price('output_cost_per_token'), cache_read_input_token_cost: price('cache_read_input_token_cost') });
  if (own !== undefined) return { quote: own, source: 'config', tried: [] };
  const tried = priceIds(d, prefix);
  if (table === undefined) return { source: 'none', tried };
  for (const id of tried) {
    try {
      return { quote: litellmQuote(table, id), source: `LiteLLM table: ${id}`, tried };
    } catch (e) {
      if (!(e instanceof UnknownPricedModelError)) throw e;
    }
  }
  return { source: 'none', tried };
}

function warnUnmapped(obj: YamlObject, mapped: ReadonlySet<string>, path: readonly PathSegment[], warnings: ImportWarning[]): void {
  for (const key of Object.keys(obj)) {
    if (mapped.has(key)) continue;
    const message = CONNECTION_KEYS.has(key)
      ? 'credentials and endpoints are not simulated; ignored'
      : key === 'id' ? 'deployment ids are not needed (routesim names deployments provider/model); ignored'
      : UNMAPPED_REASONS[key] ?? 'not simulated; ignored';
    warnings.push({ path: [...path, key], message });
  }
}

export function mapDeployments(
  deployments: readonly LitellmDeployment[],
  opts: { table?: LitellmPriceTable; strategy: string; primaryGroup: string },
  warnings: ImportWarning[],
): MappedDeployment[] {
  const prefixes = deployments.map((d) => sanitizeId(prefixOf(d, opts.table)));
  const repeated = new Set(prefixes.filter((p, i) => prefixes.indexOf(p) !== i));
  const used = new Set<string>();
  const primary = deployments.filter((d) => d.modelName === opts.primaryGroup);
  const anyWeight = primary.some((d) => num(d.params.weight) !== undefined);
  return deployments.map((d, i) => {
    const at = ['model_list', d.index];
    let id = prefixes[i];
    if (repeated.has(id)) {
      const host = hostLabel(d.params.api_base);
      id = `${id}-${sanitizeId(host ?? d.modelName)}`;
    }
    for (let n = 2; used.has(id); n++) id = `${prefixes[i]}-${n}`;
    used.add(id);

    warnUnmapped(d.params, PARAMS_MAPPED, [...at, 'litellm_params'], warnings);
    warnUnmapped(d.modelInfo, INFO_MAPPED, [...at, 'model_info'], warnings);
    warnUnmapped(d.extra, EXTRA_MAPPED, at, warnings);

    const priced = quoteFor(d, prefixes[i], opts.table);
    if (priced.quote === undefined) {
      const why = opts.table === undefined ? 'no price table given (--prices-litellm PATH)' : `none of ${priced.tried.map((t) => `'${t}'`).join(', ')} is in the LiteLLM price table`;
      warnings.push({ path: [...at, 'litellm_params', 'model'], message: `no price: ${why}; prices are 0 — set inputUsdPerMTok/outputUsdPerMTok by hand` });
    }
    const contextWindow = num(d.modelInfo.max_input_tokens) ?? priced.quote?.contextWindowTokens;
    const modelId = sanitizeId(d.modelName);
    const model: YamlObject = {
      id: modelId,
      // No quote: the price keys stay out (defaults 0), so loading the scenario warns about it
      // among priced models; an explicit 0 would say "free on purpose".
      ...(priced.quote === undefined ? {} : { inputUsdPerMTok: priced.quote.inputUsdPerMTok, outputUsdPerMTok: priced.quote.outputUsdPerMTok }),
      ...(priced.quote?.cachedInputUsdPerMTok !== undefined ? { cachedInputUsdPerMTok: priced.quote.cachedInputUsdPerMTok } : {}),
      ...(contextWindow !== undefined && Number.isInteger(contextWindow) && contextWindow > 0 ? { contextWindowTokens: contextWindow } : {}),
    };
    const rpm = num(d.params.rpm) ?? num(d.extra.rpm);
    const tpm = num(d.params.tpm) ?? num(d.extra.tpm);
    const provider: YamlObject = { id, models: [model] };
    if ((rpm !== undefined && rpm > 0) || (tpm !== undefined && tpm > 0)) {
      provider.rateLimits = { ...(rpm ? { rpm } : {}), ...(tpm ? { tpm } : {}) };
    }
    // simple-shuffle weights: `weight` if any deployment sets one, else rpm, else tpm. Other
    // strategies ignore weights in LiteLLM; an explicit one is still kept.
    const shuffle = opts.strategy === 'weighted-random';
    const weight = anyWeight ? num(d.params.weight) : shuffle ? rpm ?? tpm : undefined;
    if (d.modelName !== opts.primaryGroup) {
      if (shuffle) provider.weight = FALLBACK_GROUP_WEIGHT;
    } else if (shuffle && anyWeight && weight === undefined) {
      warnings.push({ path: [...at, 'litellm_params', 'weight'], message: 'missing while other deployments set one: LiteLLM gives it weight 0; routesim weights must be > 0, so it gets 0.001' });
      provider.weight = 0.001;
    } else if (weight !== undefined && weight > 0) provider.weight = weight;
    const order = num(d.params.order);
    if (order !== undefined) {
      provider.priority = Math.max(0, Math.round(order) - 1);
      warnings.push({ path: [...at, 'litellm_params', 'order'], message: `mapped to provider priority ${provider.priority}, which only the 'priority' strategy uses (LiteLLM filters to the lowest order before ${opts.strategy === 'weighted-random' ? 'shuffling' : 'its strategy'})` });
    }
    const timeoutS = num(d.params.timeout);
    return { deployment: d, providerId: id, modelId, provider, ...(timeoutS !== undefined && timeoutS > 0 ? { timeoutS } : {}), priceSource: priced.source };
  });
}
