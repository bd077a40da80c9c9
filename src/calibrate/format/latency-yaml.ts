import type { LatencyGroupFit } from '../fit-latency.js';
import { roundSignificant } from '../sample-quantiles.js';
import { describeChoice } from './describe-fit.js';
import { flowYaml } from './flow-yaml.js';

/**
 * A provider `latency:` block ready to paste into a scenario, with a comment saying where
 * it came from, how good the fit is and what the failed requests were.
 */
export function latencyYamlBlock(g: LatencyGroupFit, source?: string): string {
  const lines: string[] = [];
  const failed = g.requests - g.succeeded;
  lines.push(`# ${g.group}: ${g.requests} requests, ${g.succeeded} succeeded${source ? ` (${source})` : ''}`);
  if (g.ttftMs) {
    const s = g.ttftMs.summary;
    lines.push(`#   TTFT: ${describeChoice(g.ttftMs)}; median ${roundSignificant(s.median, 3)} ms, p99 ${roundSignificant(s.p99, 3)} ms, n ${s.n}`);
  }
  if (g.msPerOutputToken) {
    const s = g.msPerOutputToken.summary;
    lines.push(`#   per output token: ${describeChoice(g.msPerOutputToken)}; median ${roundSignificant(s.median, 3)} ms, n ${s.n}`);
  }
  if (failed > 0) {
    const codes = Object.entries(g.errors).map(([code, n]) => `${n} × ${code}`).join(', ');
    lines.push(`#   failed: ${codes} (${roundSignificant((100 * failed) / g.requests, 3)}%)${'429' in g.errors ? ' — 429s suggest rateLimits for this provider' : ''}`);
  }
  if (!g.ttftMs && !g.msPerOutputToken) {
    lines.push('#   too few successful requests to fit');
    return lines.join('\n');
  }
  lines.push('latency:');
  if (g.ttftMs) lines.push(`  ttftMs: ${flowYaml(g.ttftMs.spec, { indent: 10 })}`);
  if (g.msPerOutputToken) lines.push(`  msPerOutputToken: ${flowYaml(g.msPerOutputToken.spec, { indent: 20 })}`);
  return lines.join('\n');
}
