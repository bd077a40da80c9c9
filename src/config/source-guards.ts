import { LineCounter, Parser, type CST } from 'yaml';
import { ScenarioError, type PathSegment } from './scenario-error.js';
import { compressedFileDetail, MAGIC_BYTES } from '../core/compressed-data.js';

/**
 * Checks that run before the YAML parser sees a file: size, binary data, encoding, emptiness
 * and nesting depth. The YAML composer recurses per nesting level and overflows the stack (or
 * worse) on a few thousand `[`, so depth is measured first on the parser's flat token tree,
 * which is built without recursion.
 */

export const MAX_SCENARIO_BYTES = 10 * 1024 * 1024;
export const MAX_NESTING_DEPTH = 64;

interface Pos {
  line: number;
  column: number;
}

function fail(file: string, message: string, pos?: Pos, path: PathSegment[] = []): never {
  throw new ScenarioError(file, { path, message, line: pos?.line, column: pos?.column });
}

function megabytes(n: number): string {
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

export function checkSize(byteLength: number, file: string): void {
  if (byteLength > MAX_SCENARIO_BYTES) {
    fail(file, `file is too large (${megabytes(byteLength)}; the limit is ${megabytes(MAX_SCENARIO_BYTES)})`);
  }
}

/** 1-based line and column of a byte offset (column counted in bytes). */
function bytePos(bytes: Uint8Array, offset: number): Pos {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** Offset of the first byte that starts an invalid UTF-8 sequence, or -1. */
export function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  const cont = (i: number, lo = 0x80, hi = 0xbf) => i < bytes.length && bytes[i] >= lo && bytes[i] <= hi;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    let len = 0;
    let ok = false;
    if (b < 0x80) (len = 1), (ok = true);
    else if (b >= 0xc2 && b <= 0xdf) (len = 2), (ok = cont(i + 1));
    else if (b === 0xe0) (len = 3), (ok = cont(i + 1, 0xa0) && cont(i + 2));
    else if ((b >= 0xe1 && b <= 0xec) || b === 0xee || b === 0xef) (len = 3), (ok = cont(i + 1) && cont(i + 2));
    else if (b === 0xed) (len = 3), (ok = cont(i + 1, 0x80, 0x9f) && cont(i + 2));
    else if (b === 0xf0) (len = 4), (ok = cont(i + 1, 0x90) && cont(i + 2) && cont(i + 3));
    else if (b >= 0xf1 && b <= 0xf3) (len = 4), (ok = cont(i + 1) && cont(i + 2) && cont(i + 3));
    else if (b === 0xf4) (len = 4), (ok = cont(i + 1, 0x80, 0x8f) && cont(i + 2) && cont(i + 3));
    if (!ok) return i;
    i += len;
  }
  return -1;
}

/** Size, NUL bytes and UTF-8 validity of raw file bytes; returns the decoded text. */
export function decodeScenarioBytes(bytes: Uint8Array, file: string): string {
  checkSize(bytes.length, file);
  const compressed = compressedFileDetail(bytes.subarray(0, MAGIC_BYTES));
  if (compressed !== undefined) fail(file, compressed);
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    fail(file, `binary data (NUL byte at byte offset ${nul}); a scenario must be a YAML or JSON text file`, bytePos(bytes, nul));
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const at = firstInvalidUtf8Offset(bytes);
    const hex = at >= 0 ? ` 0x${bytes[at].toString(16).padStart(2, '0')}` : '';
    const where = at >= 0 ? ` at byte offset ${at}` : '';
    fail(file, `invalid UTF-8 byte${hex}${where}; save the file as UTF-8`, at >= 0 ? bytePos(bytes, at) : undefined);
  }
}

function textPos(text: string, offset: number): Pos {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/** Control characters YAML does not allow in a document (all C0 but TAB, LF, CR; and DEL). */
const FORBIDDEN_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Text-level checks: size, control characters (binary data), emptiness. */
export function checkScenarioText(text: string, file: string): void {
  // Cheap bound first (UTF-8 takes at least one byte per UTF-16 unit), exact size after.
  checkSize(text.length, file);
  checkSize(Buffer.byteLength(text, 'utf8'), file);
  const m = FORBIDDEN_CONTROL.exec(text);
  if (m) {
    const code = m[0].charCodeAt(0);
    const what = code === 0 ? 'NUL character' : `control character U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
    fail(file, `binary data (${what}); a scenario must be a YAML or JSON text file`, textPos(text, m.index));
  }
  const body = text.replace(/^\uFEFF/, '');
  if (body.length === 0) fail(file, 'file is empty');
  if (body.trim().length === 0) fail(file, 'file is empty (only whitespace)');
}

function scalarKey(tok: CST.Token | undefined): string | undefined {
  if (!tok) return undefined;
  if (tok.type === 'scalar') return tok.source;
  if (tok.type === 'single-quoted-scalar' || tok.type === 'double-quoted-scalar') return tok.source.slice(1, -1);
  return undefined;
}

/**
 * Rejects nesting deeper than MAX_NESTING_DEPTH, measured on the CST without recursion.
 */
export function checkNestingDepth(text: string, file: string): void {
  const lineCounter = new LineCounter();
  const position = (offset: number): Pos => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  interface Frame {
    tok: CST.Token | undefined;
    depth: number;
    path: PathSegment[];
  }
  const stack: Frame[] = [];
  for (const tok of new Parser(lineCounter.addNewLine).parse(text)) {
    if (tok.type === 'document') stack.push({ tok: tok.value, depth: 0, path: [] });
  }
  while (stack.length > 0) {
    const { tok, depth, path } = stack.pop()!;
    if (!tok) continue;
    if (tok.type !== 'block-map' && tok.type !== 'block-seq' && tok.type !== 'flow-collection') continue;
    const d = depth + 1;
    if (d > MAX_NESTING_DEPTH) {
      fail(file, `nested more than ${MAX_NESTING_DEPTH} levels deep; a scenario needs far fewer`, position(tok.offset), path);
    }
    const isSeq = tok.type === 'block-seq' || (tok.type === 'flow-collection' && tok.start.source === '[');
    tok.items.forEach((item, i) => {
      const it = item as { key?: CST.Token | null; value?: CST.Token };
      const seg: PathSegment = isSeq ? i : (scalarKey(it.key ?? undefined) ?? i);
      if (it.key) stack.push({ tok: it.key, depth: d, path: [...path, seg] });
      if (it.value) stack.push({ tok: it.value, depth: d, path: [...path, seg] });
    });
  }
}
