/**
 * d3 formats with just enough decimals for an axis: ticks on a narrow domain (uptime from 99.5%
 * to 100%) must not all print "99.8%". The step between ~`tickCount` ticks sets the precision.
 */
export type AxisUnit = 'fraction' | 'USD' | 'ms';

export function axisFormat(domain: readonly [number, number], unit: AxisUnit, tickCount = 8): string {
  const span = Math.abs(domain[1] - domain[0]);
  const step = span > 0 ? span / tickCount : 1;
  // Decimals that tell adjacent "nice" ticks apart (a nice step is ≥ the raw step / 2).
  const decimalsFor = (s: number) => Math.max(0, Math.ceil(-Math.log10(s / 2)));
  switch (unit) {
    case 'fraction': return `.${Math.min(4, decimalsFor(step * 100))}%`;
    case 'USD': return `$,.${Math.min(6, Math.max(2, decimalsFor(step)))}f`;
    case 'ms': return `,.${Math.min(3, decimalsFor(step))}f`;
  }
}
