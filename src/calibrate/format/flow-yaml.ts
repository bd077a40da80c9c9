import { roundSignificant } from '../sample-quantiles.js';

/**
 * A value as a one-line YAML flow collection (`{ kind: gamma, shape: 2.1, scale: 40 }`),
 * numbers rounded to `digits` significant digits. `indent` is the column the value starts at
 * (after `key: `); long lists wrap within `width` onto continuation lines indented by
 * `indent + 4` spaces, deeper than the key, which YAML reads as the same flow collection.
 */
const PLAIN = /^[A-Za-z_][A-Za-z0-9_.\/-]*$/;
const RESERVED = /^(true|false|null|yes|no|on|off|~)$/i;

function scalar(v: unknown, digits: number): string {
  if (typeof v === 'number') return String(roundSignificant(v, digits));
  if (typeof v === 'string') return PLAIN.test(v) && !RESERVED.test(v) ? v : JSON.stringify(v);
  if (typeof v === 'boolean' || v === null) return String(v);
  return JSON.stringify(v);
}

export function flowYaml(v: unknown, opts: { digits?: number; indent?: number; width?: number } = {}): string {
  const digits = opts.digits ?? 5;
  const indent = opts.indent ?? 0;
  const width = opts.width ?? 100;
  const pad = ' '.repeat(indent + 4);
  const lastLineLength = (text: string) => text.length - text.lastIndexOf('\n') - 1;
  // `col` is the column where x starts, so wrapping can keep every line within `width`.
  const render = (x: unknown, col: number): string => {
    if (Array.isArray(x)) {
      let out = '[';
      let lineCol = col + 1;
      x.forEach((item, i) => {
        const piece = render(item, 0);
        const sep = i === 0 ? '' : ', ';
        if (i > 0 && lineCol + sep.length + piece.length + 1 > width) {
          out += `,\n${pad}`;
          lineCol = pad.length;
        } else {
          out += sep;
          lineCol += sep.length;
        }
        out += piece;
        lineCol += piece.length;
      });
      return `${out}]`;
    }
    if (typeof x === 'object' && x !== null) {
      let out = '{ ';
      Object.entries(x).forEach(([k, val], i) => {
        if (i > 0) out += ', ';
        out += `${scalar(k, digits)}: `;
        const lastCol = out.includes('\n') ? lastLineLength(out) : col + out.length;
        out += render(val, lastCol);
      });
      return `${out} }`;
    }
    return scalar(x, digits);
  };
  return render(v, indent);
}
