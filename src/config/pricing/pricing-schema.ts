import { z } from 'zod';

/** Scenario fields for prices taken from public price tables (resolved at load time). */

export const PRICE_TABLE_NAMES = ['litellm', 'genai-prices'] as const;

export const modelPricingSchema = z
  .strictObject({
    /** Which table: LiteLLM's model_prices_and_context_window.json or pydantic genai-prices data.json. */
    from: z.enum(PRICE_TABLE_NAMES),
    /** The model id in that table ("gpt-4o-mini", "azure/gpt-4o", "claude-sonnet-4-5"). */
    model: z.string().min(1),
    /** genai-prices only: the table's provider id, when several providers list the model. */
    provider: z.string().min(1).optional(),
  })
  .describe('Take this model\'s prices (and context window) from a price table; explicit fields on the model win');

export const pricingSourcesSchema = z
  .strictObject({
    /** Path to LiteLLM's model_prices_and_context_window.json, relative to the scenario file. */
    litellm: z.string().min(1).optional(),
    /** Path to genai-prices data.json, relative to the scenario file. */
    genaiPrices: z.string().min(1).optional(),
  })
  .describe('Price table files for models with `pricing:` (the CLI flags --prices-litellm / --prices-genai override)');

export const pricingStartDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?Z?)?$/, 'use YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS]Z (UTC)')
  .describe('Calendar instant of simulated second 0: dated genai-prices become price changes at the matching simulated times');
