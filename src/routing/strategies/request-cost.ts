import { z } from 'zod';
import type { Deployment, RouteRequest } from '../types.js';

/** The `tokensPerWord` strategy parameter, shared by every strategy that estimates prompt cost. */
export const tokensPerWordParam = z
  .number()
  .finite()
  .positive()
  .default(1.3)
  .describe('Prompt tokens per word when the request carries only promptText (inputTokens = 0)');

/** Words in a text: maximal runs of non-whitespace. Counts without splitting (no allocation). */
export function countWords(text: string): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // Space, tab, newline, vertical tab, form feed, carriage return, NBSP.
    const space = code === 32 || (code >= 9 && code <= 13) || code === 160;
    if (space) inWord = false;
    else if (!inWord) {
      inWord = true;
      words++;
    }
  }
  return words;
}

/** Prompt tokens: the known count, or words(promptText) × tokensPerWord when it is 0. */
export function estimateInputTokens(req: RouteRequest, tokensPerWord: number): number {
  if (req.inputTokens > 0) return req.inputTokens;
  return req.promptText === undefined ? 0 : countWords(req.promptText) * tokensPerWord;
}

/**
 * Expected price of sending `req` to `deployment`, in USD: input and expected output tokens
 * at the deployment's current per-million-token prices, times its cost multiplier.
 */
export function estimateRequestCostUsd(
  deployment: Deployment,
  req: RouteRequest,
  tokensPerWord: number,
): number {
  const inputTokens = estimateInputTokens(req, tokensPerWord);
  const usd =
    (inputTokens * deployment.inputUsdPerMTok) / 1e6 +
    (req.expectedOutputTokens * deployment.outputUsdPerMTok) / 1e6;
  return usd * deployment.costMultiplier;
}
