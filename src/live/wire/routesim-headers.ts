/**
 * Headers by which the load replayer tells an emulated provider which simulated request and
 * attempt it is sending, and its token counts. With the ids, the provider draws the very luck
 * the simulator draws for that (request, attempt); without them, fresh luck from its seed.
 */
export const REQUEST_ID_HEADER = 'x-routesim-request-id';
export const ATTEMPT_HEADER = 'x-routesim-attempt';
export const INPUT_TOKENS_HEADER = 'x-routesim-input-tokens';
export const OUTPUT_TOKENS_HEADER = 'x-routesim-output-tokens';

/** A header's (first) value, trimmed; undefined when absent or empty. */
export function headerText(value: string | string[] | undefined): string | undefined {
  const v = (Array.isArray(value) ? value[0] : value)?.trim();
  return v === undefined || v === '' ? undefined : v;
}

/** A non-negative safe integer from a header value; undefined when absent or malformed. */
export function headerInt(value: string | string[] | undefined): number | undefined {
  const v = headerText(value);
  return v === undefined || !/^\d{1,15}$/.test(v) ? undefined : Number(v);
}

/** Comma-separated non-negative integers (prefix-cache block hashes); undefined when absent or any is malformed. */
export function headerHashes(value: string | string[] | undefined): number[] | undefined {
  const v = headerText(value);
  if (v === undefined) return undefined;
  const out = v.split(',').map((x) => Number(x));
  return out.every((x) => Number.isSafeInteger(x) && x >= 0) ? out : undefined;
}

/** Prefix-cache block hashes of the prompt, comma-separated (trace replay with hash_ids). */
export const PREFIX_HASHES_HEADER = 'x-routesim-prefix-hashes';

/** The request's quality tier (low/medium/high), so a gateway's router sees the tier the simulator drew. */
export const QUALITY_TIER_HEADER = 'x-routesim-quality-tier';

/**
 * The request's tenant and prompt category (router.tenantLimits, budgets, priorities by tenant;
 * category routing), percent-encoded so any scenario name is a valid header value.
 */
export const TENANT_HEADER = 'x-routesim-tenant';
export const CATEGORY_HEADER = 'x-routesim-category';

/** The request's own priority class (an integer, higher is more important; router.priorityQueue). */
export const PRIORITY_HEADER = 'x-routesim-priority';

/** A name to send in a header: percent-encoded (tenant and category names are free text). */
export function encodeHeaderName(name: string): string {
  return encodeURIComponent(name);
}

/** A name read from a header: trimmed and percent-decoded; undefined when absent, empty or malformed. */
export function decodeHeaderName(value: string | string[] | undefined): string | undefined {
  const v = headerText(value);
  if (v === undefined) return undefined;
  try {
    return decodeURIComponent(v);
  } catch {
    return undefined;
  }
}

/** A safe integer, possibly negative, from a header value; undefined when absent or malformed. */
export function headerSignedInt(value: string | string[] | undefined): number | undefined {
  const v = headerText(value);
  return v === undefined || !/^-?\d{1,15}$/.test(v) ? undefined : Number(v);
}

/** Which deployment answered (gateway → client), on streamed and unstreamed answers alike. */
export const DEPLOYMENT_HEADER = 'x-routesim-deployment';
