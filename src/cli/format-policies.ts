import type { RunSummary } from '../metrics/run-summary.js';
import { fmtNum, fmtPct, fmtUsd, renderTable } from './table.js';

/** The run's tenants and budgets as text tables (nothing when it had neither). */
export function formatPolicyTables(s: RunSummary): string[] {
  const lines: string[] = [];
  if (s.tenants !== undefined) {
    lines.push('');
    lines.push(
      renderTable(
        ['tenant', 'requests', 'success', 'refused: budget', 'refused: limit', 'p50 ms', 'p95 ms', 'cost'],
        s.tenants.perTenant.map((t) => [
          t.tenant, t.requests.toLocaleString('en-US'), fmtPct(t.successRate, 2), t.refusedByBudget.toLocaleString('en-US'), t.refusedByLimit.toLocaleString('en-US'),
          fmtNum(t.latencyMs.p50, 0), fmtNum(t.latencyMs.p95, 0), fmtUsd(t.costUsd),
        ]),
      ),
    );
    lines.push(`Jain's fairness index: ${fmtNum(s.tenants.jainIndexSuccessRate, 3)} over success rates, ${fmtNum(s.tenants.jainIndexServed, 3)} over requests served (1 = even)`);
  }
  if (s.budgets !== undefined) {
    lines.push('');
    lines.push(
      renderTable(
        ['budget', 'limit', 'spent (run)', 'ran out at s', 'runs out after s'],
        s.budgets.map((b) => [
          `${b.name} (${b.scope} ${b.match}, per ${b.window})`, fmtUsd(b.limitUsd), fmtUsd(b.spentUsd),
          b.exhaustions.length === 0 ? 'never' : b.exhaustions.map((e) => fmtNum(e.atS, 0)).join(', '),
          fmtNum(b.runsOutAfterS, 0),
        ]),
      ),
    );
    lines.push('("runs out after": seconds into a window at the rate spent before the budget held spending back)');
  }
  return lines;
}
