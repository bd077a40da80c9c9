/**
 * A health producer (active checker, outlier detector, cooldowns, breaker) writes state;
 * the router reads verdicts from all of them and partitions deployments. Strategies never
 * read these directly.
 */
import type { HealthSourceName } from '../events.js';

export interface HealthSource {
  readonly source: HealthSourceName;
  /** True when this source currently keeps the deployment out of rotation. */
  isExcluded(deploymentId: string, nowMs: number): boolean;
}
