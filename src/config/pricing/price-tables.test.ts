import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseIsoInstant } from '../../core/civil-time.js';
import { genaiSchedule } from './genai-price-schedule.js';
import { findGenaiModel, parseGenaiPriceTable } from './genai-price-table.js';
import { litellmQuote, parseLitellmPriceTable } from './litellm-price-table.js';
import { PriceTableError, UnknownPricedModelError } from './price-quote.js';
import { loadGenaiPriceTable, loadLitellmPriceTable } from './price-table-files.js';

/** Real tables from ../shared/data (see its README); values checked by hand against the JSON. */
export const LITELLM_TABLE = '../shared/data/litellm-model-prices/model_prices_and_context_window.2025-11-01.upstream-579843b4.json';
export const GENAI_TABLE = '../shared/data/genai-prices-pydantic/data.json';

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a throw');
}

describe('LiteLLM price table', () => {
  const table = loadLitellmPriceTable(LITELLM_TABLE);

  it('reads ~1,700 model ids, skipping sample_spec', () => {
    expect(table.entries.size).toBe(1707);
    expect(table.entries.has('sample_spec')).toBe(false);
  });

  it('converts USD per token to per million, with cached input and context window', () => {
    expect(litellmQuote(table, 'gpt-4o-mini')).toEqual({ inputUsdPerMTok: 0.15, outputUsdPerMTok: 0.6, cachedInputUsdPerMTok: 0.075, contextWindowTokens: 128_000 });
    expect(litellmQuote(table, 'groq/llama2-70b-4096')).toMatchObject({ inputUsdPerMTok: 0.7, outputUsdPerMTok: 0.8 });
  });

  it('unknown ids get a did-you-mean; ids without token prices say why', () => {
    const e = thrown(() => litellmQuote(table, 'gpt-4o-mnii'));
    expect(e).toBeInstanceOf(UnknownPricedModelError);
    expect(e.message).toContain("unknown LiteLLM model id 'gpt-4o-mnii'");
    expect(e.message).toContain("did you mean 'gpt-4o-mini'?");
    const image = [...table.entries].find(([, v]) => v.mode === 'image_generation' && v.input_cost_per_token === undefined)![0];
    expect(thrown(() => litellmQuote(table, image)).message).toContain('has no per-token input/output prices');
  });

  it('rejects files that are not the LiteLLM format', () => {
    expect(thrown(() => parseLitellmPriceTable('[1,2]', 'x.json'))).toBeInstanceOf(PriceTableError);
    expect(thrown(() => parseLitellmPriceTable('{', 'x.json')).message).toMatch(/^x\.json: not valid JSON/);
    expect(thrown(() => loadLitellmPriceTable('does/not/exist.json')).message).toBe('does/not/exist.json: price table not found');
  });

  it('a gzipped table is named as compressed, not parsed as broken JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'routesim-prices-'));
    try {
      const file = join(dir, 'prices.json.gz');
      writeFileSync(file, gzipSync('{}'));
      const e = thrown(() => loadLitellmPriceTable(file));
      expect(e).toBeInstanceOf(PriceTableError);
      expect(e.message).toBe(`${file}: is gzip-compressed; routesim reads plain text: decompress it first (gunzip -k <file>) and point at the result`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('genai-prices table', () => {
  const table = loadGenaiPriceTable(GENAI_TABLE);

  it('reads providers and models', () => {
    expect(table.providerIds).toHaveLength(34);
    // 1,442 models, of which 1,285 have a token price (the rest bill per request, audio or image only).
    expect(table.models).toHaveLength(1285);
  });

  it('finds models by id, by the table match rules, and asks for a provider when ambiguous', () => {
    expect(findGenaiModel(table, 'gpt-4o-mini').providerId).toBe('openai');
    expect(findGenaiModel(table, 'gpt-4o-mini-2024-07-18').id).toBe('gpt-4o-mini'); // via match: equals
    expect(thrown(() => findGenaiModel(table, 'claude-3-haiku')).message).toContain("several providers ('anthropic', 'google')");
    expect(findGenaiModel(table, 'claude-3-haiku', 'google').providerId).toBe('google');
    expect(thrown(() => findGenaiModel(table, 'x', 'opneai')).message).toContain("did you mean 'openai'?");
    expect(thrown(() => findGenaiModel(table, 'gpt-4o-mimi', 'openai')).message).toContain("did you mean 'gpt-4o-mini'?");
  });

  it('a dated price becomes a price change at the matching simulated second (o3 cut on 2025-06-10)', () => {
    const o3 = findGenaiModel(table, 'o3', 'openai');
    const start = parseIsoInstant('2025-06-01')!;
    const s = genaiSchedule(o3, { startEpochS: start, durationS: 30 * 86_400 });
    expect(s.initial).toMatchObject({ inputUsdPerMTok: 10, outputUsdPerMTok: 40 });
    expect(s.changes).toEqual([expect.objectContaining({ atS: 9 * 86_400, inputUsdPerMTok: 2, outputUsdPerMTok: 8 })]);
    // A horizon that ends before the cut has no change; a start after it begins at the new price.
    expect(genaiSchedule(o3, { startEpochS: start, durationS: 9 * 86_400 }).changes).toEqual([]);
    expect(genaiSchedule(o3, { startEpochS: parseIsoInstant('2025-07-01')!, durationS: 86_400 }).initial.inputUsdPerMTok).toBe(2);
    // Without a calendar the newest price applies.
    expect(genaiSchedule(o3, { durationS: 86_400 })).toEqual({ initial: expect.objectContaining({ inputUsdPerMTok: 2 }), changes: [] });
  });

  it('daily windows (DeepSeek peak hours 00:30–16:30 UTC) toggle the price twice a day', () => {
    const chat = findGenaiModel(table, 'deepseek-chat', 'deepseek');
    const s = genaiSchedule(chat, { startEpochS: parseIsoInstant('2025-01-01')!, durationS: 2 * 86_400 });
    expect(s.initial).toMatchObject({ inputUsdPerMTok: 0.135, outputUsdPerMTok: 0.55, cachedInputUsdPerMTok: 0.035, contextWindowTokens: 64_000 });
    expect(s.changes.map((c) => [c.atS, c.inputUsdPerMTok])).toEqual([
      [1800, 0.27], [59_400, 0.135], [86_400 + 1800, 0.27], [86_400 + 59_400, 0.135],
    ]);
    expect(() => genaiSchedule(chat, { startEpochS: 0, durationS: 1e9 })).toThrow(/more than 20000 price changes/);
  });

  it('tiered prices are read at their base rate', () => {
    const opus = findGenaiModel(table, 'claude-opus-4-6', 'anthropic');
    expect(genaiSchedule(opus, { startEpochS: parseIsoInstant('2026-01-01')!, durationS: 60 }).initial).toMatchObject({ inputUsdPerMTok: 5, outputUsdPerMTok: 25 });
  });

  it('rejects files that are not the genai-prices format', () => {
    expect(thrown(() => parseGenaiPriceTable('{}', 'd.json')).message).toContain('expected a JSON list of providers');
    expect(thrown(() => parseGenaiPriceTable('[{"id":"p","models":[]}]', 'd.json')).message).toContain('has no priced models');
  });
});
