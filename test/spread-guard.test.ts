import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendAll, maxOf, minOf } from '../src/core/bulk-array.js';

/**
 * Keeps spread arguments out of calls in src/. `observations.push(...rows)` and
 * `Math.max(...values)` pass each element as an argument, and V8 overflows the stack past
 * ~100k of them: `fit latency` / `fit outages` on full-size inputs crashed that way. Any array a
 * user's input can make long must go through core/bulk-array (appendAll, maxOf, minOf), and
 * since "bounded by the input" is hard to see at a call site, the rule is: no spread arguments.
 */
const ROOT = join(import.meta.dirname, '..', 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });
}

/** Source text with comments, strings, template text and regex literals blanked (lines kept). */
function codeOnly(text: string): string {
  let out = '';
  let i = 0;
  const templates: number[] = []; // brace depth at each open `${`
  let depth = 0;
  let prev = ''; // last significant code character, to tell a regex from a division
  const blank = (from: number, to: number) => text.slice(from, to).replace(/[^\n]/g, ' ');
  const skipTemplateText = () => {
    const from = i;
    while (i < text.length && text[i] !== '`' && !(text[i] === '$' && text[i + 1] === '{')) i += text[i] === '\\' ? 2 : 1;
    out += blank(from, i);
    if (text[i] === '`') { out += ' '; i++; prev = 'x'; }
    else if (i < text.length) { out += '  '; i += 2; templates.push(depth); depth++; prev = '{'; }
  };
  while (i < text.length) {
    const c = text[i];
    if (c === '/' && text[i + 1] === '/') { const e = text.indexOf('\n', i); const to = e < 0 ? text.length : e; out += blank(i, to); i = to; }
    else if (c === '/' && text[i + 1] === '*') { const e = text.indexOf('*/', i + 2); const to = e < 0 ? text.length : e + 2; out += blank(i, to); i = to; }
    else if (c === "'" || c === '"') {
      const from = i++;
      while (i < text.length && text[i] !== c && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1;
      i++; out += blank(from, i); prev = 'x';
    } else if (c === '`') { out += ' '; i++; skipTemplateText(); }
    else if (c === '/' && (prev === '' || '(,=:[!&|?{};+-*%<>~^'.includes(prev))) {
      const from = i++;
      let inClass = false;
      while (i < text.length && text[i] !== '\n' && (inClass || text[i] !== '/')) {
        if (text[i] === '[') inClass = true; else if (text[i] === ']') inClass = false;
        i += text[i] === '\\' ? 2 : 1;
      }
      i++; out += blank(from, i); prev = 'x';
    } else if (c === '}' && templates.length > 0 && templates[templates.length - 1] === depth - 1) {
      templates.pop(); depth--; out += ' '; i++; skipTemplateText();
    } else {
      if (c === '{') depth++;
      else if (c === '}') depth--;
      if (!/\s/.test(c)) prev = /[A-Za-z0-9_$)\]]/.test(c) ? 'x' : c;
      out += c; i++;
    }
  }
  return out;
}

/**
 * `file:line: text` of every spread inside call parentheses. A rest parameter (`...args: T`,
 * or an arrow's `(...args) =>`) is a declaration, not a call, and is allowed.
 */
function spreadArguments(file: string, text: string): string[] {
  const code = codeOnly(text);
  const lines = text.split('\n');
  const found: string[] = [];
  const open: number[] = []; // offsets of open brackets
  const closeOf = (at: number) => {
    let d = 0;
    for (let k = at; k < code.length; k++) {
      if ('([{'.includes(code[k])) d++;
      else if (')]}'.includes(code[k]) && --d === 0) return k;
    }
    return code.length;
  };
  for (let k = 0; k < code.length; k++) {
    const c = code[k];
    if ('([{'.includes(c)) open.push(k);
    else if (')]}'.includes(c)) open.pop();
    else if (c === '.' && code.startsWith('...', k)) {
      const paren = open[open.length - 1];
      if (paren !== undefined && code[paren] === '(') {
        const typedRest = /^\.\.\.\s*[A-Za-z_$][\w$]*\??\s*:/.test(code.slice(k, k + 200));
        const arrowParams = /^\s*(:[^=;{]*)?=>/.test(code.slice(closeOf(paren) + 1, closeOf(paren) + 200));
        if (!typedRest && !arrowParams) {
          const line = code.slice(0, k).split('\n').length;
          found.push(`${file}:${line}: ${lines[line - 1].trim()}`);
        }
      }
      k += 2;
    }
  }
  return found;
}

describe('spread guard', () => {
  it('finds spread arguments (the checker itself works)', () => {
    const text = [
      'a.push(...b);',
      'const m = Math.max(',
      '  0,',
      '  ...c,',
      ');',
      'f([...d], { ...e });',
      "g('(...', `${h(...i)}`, /\\(.../); // k(...l)",
      'function n(...args: unknown[]): void {}',
      'const o = (...p) => p;',
      'const q = (...r): number => 1;',
      'new S(...t);',
    ].join('\n');
    expect(spreadArguments('x.ts', text)).toEqual([
      'x.ts:1: a.push(...b);',
      'x.ts:4: ...c,',
      "x.ts:7: g('(...', `${h(...i)}`, /\\(.../); // k(...l)",
      'x.ts:11: new S(...t);',
    ]);
  });

  it('no call in src/ spreads an array into its arguments', () => {
    const files = sourceFiles(ROOT);
    expect(files.length).toBeGreaterThan(20);
    const offences = files.flatMap((p) => spreadArguments(relative(ROOT, p).split('\\').join('/'), readFileSync(p, 'utf8')));
    expect(offences).toEqual([]);
  });

  it('the replacements handle 1M elements and keep Math.max/min semantics', () => {
    const big = Array.from({ length: 1_000_000 }, (_, i) => (i * 7919) % 1_000_003);
    expect(appendAll([-1], big)).toHaveLength(1_000_001);
    expect(maxOf(big)).toBe(big.reduce((a, b) => (b > a ? b : a)));
    expect(minOf(big)).toBe(0);
    expect([maxOf([]), minOf([])]).toEqual([-Infinity, Infinity]);
    expect(maxOf([1, NaN, 2])).toBeNaN();
    expect(minOf([1, NaN, 2])).toBeNaN();
  });
});
