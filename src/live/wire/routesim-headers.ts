/**
 * Headers by which the load replayer tells an emulated provider which simulated request and
 * attempt it is sending, and its token counts. With the ids, the provider draws the very luck
 * the simulator draws for that (request, attempt); without them, fresh luck from its seed.
 */
export const REQUEST_ID_HEADER = 'x-routesim-request-id';
export const ATTEMPT_HEADER = 'x-routesim-attempt';
export const INPUT_TOKENS_HEADER = 'x-routesim-input-tokens';
export const OUTPUT_TOKENS_HEADER = 'x-routesim-output-tokens';

/** A non-negative safe integer from a header value; undefined when absent or malformed. */
export function headerInt(value: string | string[] | undefined): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (v === undefined || !/^\d{1,15}$/.test(v.trim())) return undefined;
  return Number(v.trim());
}

/** Prefix-cache block hashes of the prompt, comma-separated (trace replay with hash_ids). */
export const PREFIX_HASHES_HEADER = 'x-routesim-prefix-hashes';

/** The request's quality tier (low/medium/high), so a gateway's router sees the tier the simulator drew. */
export const QUALITY_TIER_HEADER = 'x-routesim-quality-tier';
