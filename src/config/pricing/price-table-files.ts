import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseGenaiPriceTable, type GenaiPriceTable } from './genai-price-table.js';
import { parseLitellmPriceTable, type LitellmPriceTable } from './litellm-price-table.js';
import { PriceTableError } from './price-quote.js';
import { compressedFileDetail, MAGIC_BYTES } from '../../core/compressed-data.js';

/**
 * Reads price tables from disk, once per process per file version: a sweep parses its
 * scenario once per grid point, and the LiteLLM table is ~1 MB of JSON.
 */
const cache = new Map<string, { stamp: string; table: LitellmPriceTable | GenaiPriceTable }>();

function readTable<T extends LitellmPriceTable | GenaiPriceTable>(path: string, parse: (text: string, file: string) => T): T {
  const abs = resolve(path);
  let stamp: string;
  try {
    const st = statSync(abs);
    if (!st.isFile()) throw new PriceTableError(path, 'is not a regular file');
    stamp = `${st.size}:${st.mtimeMs}`;
  } catch (e) {
    if (e instanceof PriceTableError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new PriceTableError(path, code === 'ENOENT' ? 'price table not found' : `cannot read the price table (${code ?? (e as Error).message})`);
  }
  const hit = cache.get(abs);
  if (hit !== undefined && hit.stamp === stamp) return hit.table as T;
  let bytes: Buffer;
  try {
    bytes = readFileSync(abs);
  } catch (e) {
    throw new PriceTableError(path, `cannot read the price table (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const compressed = compressedFileDetail(bytes.subarray(0, MAGIC_BYTES));
  if (compressed !== undefined) throw new PriceTableError(path, compressed);
  const table = parse(bytes.toString('utf8'), path);
  cache.set(abs, { stamp, table });
  return table;
}

export function loadLitellmPriceTable(path: string): LitellmPriceTable {
  return readTable(path, parseLitellmPriceTable);
}

export function loadGenaiPriceTable(path: string): GenaiPriceTable {
  return readTable(path, parseGenaiPriceTable);
}
