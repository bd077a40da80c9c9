/**
 * Point labels that never overlap: each label is tried beside its point at growing vertical
 * offsets (above, below, further above, …) and on the left when it would leave the plot, and
 * takes the first place whose box overlaps no label already placed. Placement is computed in
 * pixels from the chart's domains, so it is deterministic and needs no browser.
 */
import { textWidthPx } from '../text-width.js';

export interface LabelRequest {
  readonly text: string;
  /** Point position in pixels from the plot's top-left corner. */
  readonly xPx: number;
  readonly yPx: number;
}

export interface LabelPlacement {
  /** Offsets from the point, pixels; align says which side of the point the text runs. */
  readonly dx: number;
  readonly dy: number;
  readonly align: 'left' | 'right';
}

const FONT_PX = 11;
const LINE_PX = 14;
const GAP_PX = 8;
const OFFSETS = [-9, 13, -23, 27, -37, 41, -51, 55, -65, 69];

interface Box { x0: number; x1: number; y0: number; y1: number }

const overlaps = (a: Box, b: Box) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

/** Places labels in the order given (most important first); the plot is widthPx wide. */
export function layoutLabels(labels: readonly LabelRequest[], widthPx: number): LabelPlacement[] {
  const placed: Box[] = [];
  return labels.map((l) => {
    const w = textWidthPx(l.text, FONT_PX);
    const align: 'left' | 'right' = l.xPx + GAP_PX + w > widthPx ? 'right' : 'left';
    const dx = align === 'left' ? GAP_PX : -GAP_PX;
    const boxAt = (dy: number): Box => {
      const x0 = align === 'left' ? l.xPx + dx : l.xPx + dx - w;
      // dy is the text baseline's middle: the box spans a line around it.
      return { x0, x1: x0 + w, y0: l.yPx + dy - LINE_PX / 2, y1: l.yPx + dy + LINE_PX / 2 };
    };
    const dy = OFFSETS.find((d) => !placed.some((p) => overlaps(p, boxAt(d)))) ?? OFFSETS[OFFSETS.length - 1];
    placed.push(boxAt(dy));
    return { dx, dy, align };
  });
}
