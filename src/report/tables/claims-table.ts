/** Scenario-specific claims with their measured value and verdict. */
import type { ClaimVerdict } from '../../lab/compare-summary.js';
import type { Table } from './table.js';
import { cell, center, left } from './table.js';

// Plain words: the Markdown renderer adds ✅/❌ from the tone (emoji fonts are not a given in browsers).
export const HELD = 'HELD';
export const DID_NOT_HOLD = 'DID NOT HOLD';

export function claimsTable(claims: readonly ClaimVerdict[]): Table {
  return {
    columns: [left('Claim'), left('Measured'), center('Verdict'), left('Detail')],
    rows: claims.map((c) => [
      cell(c.claim),
      cell(c.measured),
      c.held ? cell(HELD, { tone: 'held' }) : cell(DID_NOT_HOLD, { tone: 'failed' }),
      cell(c.detail),
    ]),
  };
}
