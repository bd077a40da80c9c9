import { z } from 'zod';
import { parseIsoInstant } from '../../core/civil-time.js';

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

export type PriceTableName = (typeof PRICE_TABLE_NAMES)[number];

/** The shape first (a malformed value gets only that message), then the calendar: 2025-02-30 has the shape. */
export const pricingStartDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?Z?)?$/, { message: 'use YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS]Z (UTC)', abort: true })
  .refine((s) => parseIsoInstant(s) !== undefined, { error: (issue) => `'${String(issue.input)}' is not a valid calendar date/time` })
  .describe('Calendar instant of simulated second 0: dated genai-prices become price changes at the matching simulated times');
