/**
 * Deterministic text widths for headless rendering. Without a canvas, vega guesses
 * 0.8 × font size per character, about 50% too wide for Helvetica/Arial, which pushes
 * legends away and truncates titles. Helvetica's advance widths (AFM, 1/1000 em) do much
 * better and still depend on nothing but the text.
 */

// Printable ASCII 32..126, Helvetica regular.
const HELVETICA_WIDTHS = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // space..slash
  556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, // 0..?
  1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, // @..O
  667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, // P.._
  333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, // `..o
  556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, // p..~
];
/** Typical width of anything outside ASCII (digits-wide; symbols like ★ and − are close). */
const OTHER_WIDTH = 600;
/** Helvetica Bold runs about 8% wider than regular. */
const BOLD_FACTOR = 1.08;

export function textWidthPx(text: string, fontSizePx: number, bold = false): number {
  let units = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    units += code >= 32 && code <= 126 ? HELVETICA_WIDTHS[code - 32] : OTHER_WIDTH;
  }
  return (units / 1000) * fontSizePx * (bold ? BOLD_FACTOR : 1);
}

function isBold(weight: unknown): boolean {
  return weight === 'bold' || weight === 'bolder' || (typeof weight === 'number' && weight >= 600)
    || (typeof weight === 'string' && Number(weight) >= 600);
}

/** Shape of vega's textMetrics.width(item, text): item carries fontSize/fontWeight/text. */
export function vegaTextWidth(item: { fontSize?: number; fontWeight?: unknown; text?: unknown }, text?: unknown): number {
  const value = text ?? item.text;
  const str = value === undefined || value === null ? '' : Array.isArray(value) ? value.join(' ') : String(value);
  const size = typeof item.fontSize === 'number' ? item.fontSize : 11;
  return size <= 0 ? 0 : textWidthPx(str, size, isBold(item.fontWeight));
}
