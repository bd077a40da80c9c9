/**
 * Strict JSON syntax check for `.json` scenario files. JSON is YAML, but YAML also accepts
 * things JSON does not (trailing commas, comments, bare words), so a `.json` file is held to
 * JSON and its first mistake reported with an exact offset. (`JSON.parse` messages carry no
 * position for some errors and change between Node versions.) No recursion: depth is a counter.
 */

export interface JsonSyntaxError {
  offset: number;
  message: string;
  /** Keys / indices leading to where the error is. */
  path: (string | number)[];
}

const WS = new Set([' ', '\t', '\n', '\r']);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const STRING_BODY = /(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*/y;

function describe(ch: string | undefined): string {
  return ch === undefined ? 'end of file' : `'${ch}'`;
}

/** The first syntax error in `text` as JSON, or undefined if it is valid JSON. */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  /** Open containers, innermost last: '{' or '['. */
  const open: string[] = [];
  /** Per open container, the key or index of its current element. */
  const segs: (string | number)[] = [];
  /** True right after a container opened, before its first element. */
  let fresh = false;
  const skipWs = () => {
    while (i < text.length && WS.has(text[i])) i++;
  };
  /** An error inside the current element (`inElement`) or at the level of its container. */
  const err = (message: string, at = i, inElement = true): JsonSyntaxError => ({
    offset: at,
    message,
    path: segs.slice(0, inElement ? segs.length : Math.max(0, segs.length - 1)),
  });

  const string = (): JsonSyntaxError | undefined => {
    const start = i;
    STRING_BODY.lastIndex = i + 1;
    STRING_BODY.test(text);
    i = STRING_BODY.lastIndex;
    if (text[i] === '"') {
      i++;
      return undefined;
    }
    if (i >= text.length || text[i] === '\n') return err('unterminated string', start);
    return err(text[i] === '\\' ? 'invalid escape in string' : 'control character in string');
  };

  /** One scalar, or the opening bracket of a container. */
  const value = (): JsonSyntaxError | undefined => {
    skipWs();
    const ch = text[i];
    if (ch === '{' || ch === '[') {
      open.push(ch);
      segs.push(ch === '[' ? -1 : '');
      fresh = true;
      i++;
      return undefined;
    }
    if (ch === '"') return string();
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return undefined;
      }
    }
    NUMBER.lastIndex = i;
    if ((ch === '-' || (ch >= '0' && ch <= '9')) && NUMBER.test(text)) {
      i = NUMBER.lastIndex;
      return undefined;
    }
    if (ch === '/' || ch === '#') return err('comments are not allowed in JSON');
    if (ch === "'") return err('JSON strings need double quotes');
    return err(`expected a value, found ${describe(ch)}`);
  };

  let e = value();
  while (e === undefined) {
    skipWs();
    const top = open[open.length - 1];
    if (top === undefined) {
      return i < text.length ? err(`unexpected ${describe(text[i])} after the end of the JSON value`) : undefined;
    }
    const close = top === '{' ? '}' : ']';
    if (text[i] === close) {
      open.pop();
      segs.pop();
      fresh = false;
      i++;
      continue;
    }
    if (fresh) {
      fresh = false;
    } else if (text[i] === ',') {
      const comma = i;
      i++;
      skipWs();
      if (text[i] === '}' || text[i] === ']') return err('trailing comma is not allowed in JSON', comma, false);
    } else {
      return err(`expected ',' or '${close}', found ${describe(text[i])}`, i, false);
    }
    if (top === '{') {
      skipWs();
      if (text[i] !== '"') return err(`expected a double-quoted key, found ${describe(text[i])}`, i, false);
      const keyStart = i;
      e = string();
      if (e) return { ...e, path: segs.slice(0, -1) };
      segs[segs.length - 1] = JSON.parse(text.slice(keyStart, i)) as string;
      skipWs();
      if (text[i] !== ':') return err(`expected ':' after the key, found ${describe(text[i])}`);
      i++;
    } else {
      segs[segs.length - 1] = (segs[segs.length - 1] as number) + 1;
    }
    e = value();
  }
  return e;
}
