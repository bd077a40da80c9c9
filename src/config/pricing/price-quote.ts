import { UserInputError } from '../../core/user-input-error.js';

/** What a price table says about one model, in the scenario's units (USD per million tokens). */
export interface PriceQuote {
  readonly inputUsdPerMTok: number;
  readonly outputUsdPerMTok: number;
  readonly cachedInputUsdPerMTok?: number;
  readonly contextWindowTokens?: number;
}

/** A quote from simulated second 0 plus the changes a dated price list implies within the horizon. */
export interface PriceSchedule {
  readonly initial: PriceQuote;
  readonly changes: readonly PriceChange[];
}

export interface PriceChange {
  readonly atS: number;
  readonly inputUsdPerMTok: number;
  readonly outputUsdPerMTok: number;
  readonly cachedInputUsdPerMTok?: number;
}

/** A price table file that cannot be read or is not in the expected format. */
export class PriceTableError extends UserInputError {
  override readonly name = 'PriceTableError';
  constructor(readonly file: string, detail: string) {
    super(`${file}: ${detail}`);
  }
}

/**
 * A model id a table does not have (or cannot price), with a did-you-mean when one is close;
 * `field` is the pricing key at fault (a genai-prices provider the table does not list, or else the model).
 */
export class UnknownPricedModelError extends UserInputError {
  override readonly name = 'UnknownPricedModelError';
  constructor(readonly modelId: string, message: string, readonly field: 'model' | 'provider' = 'model') {
    super(message);
  }
}

/** A price table's text as JSON; a syntax error is the table's PriceTableError. */
export function parsePriceTableJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new PriceTableError(file, `not valid JSON (${(e as Error).message})`);
  }
}

/** USD per token → USD per million tokens, without the float noise of the product (1.5e-7 × 1e6). */
export function perTokenToPerMTok(usdPerToken: number): number {
  return Number((usdPerToken * 1e6).toPrecision(12));
}
