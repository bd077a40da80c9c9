import type { Rng } from '../../../core/ports.js';
import type { TrafficSpec } from '../../../config/scenario-schema.js';
import type { ServegenSpec } from '../../../config/traffic-source-schema.js';
import type { RouteRequest } from '../../../routing/types.js';
import { AttributeSampler } from '../attribute-sampler.js';
import type { RequestSource } from '../request-source.js';
import { ClientArrivals } from './client-arrivals.js';
import { servegenFolder, type LengthModel } from './servegen-cache.js';

/** The clients a spec selects: active ones, all or the top N by expected requests over the run. */
export function selectServegenClients(spec: ServegenSpec, rng: Rng, horizonMs: number): ClientArrivals[] {
  const all = servegenFolder(spec.path).clients
    .map((c) => new ClientArrivals(c, rng.fork(`client:${c.id}`), spec.startS, spec.rateScale))
    .filter((a) => a.active);
  if (spec.clients === 'all') return all;
  const horizonS = horizonMs / 1000;
  const expected = new Map(all.map((a) => [a, a.expectedCount(horizonS)]));
  // Stable sort on the id-sorted list: ties keep id order.
  return [...all].sort((a, b) => expected.get(b)! - expected.get(a)!).slice(0, spec.clients);
}

/** Mean arrival rate (req/s) a ServeGen spec produces over [0, horizon), for event estimates. */
export function servegenMeanRatePerS(spec: ServegenSpec, horizonMs: number, rng: Rng): number {
  const horizonS = horizonMs / 1000;
  let total = 0;
  for (const a of selectServegenClients(spec, rng, horizonMs)) total += a.expectedCount(horizonS);
  return horizonS > 0 ? total / horizonS : 0;
}

/**
 * Traffic from ServeGen per-client statistics: one renewal process per client (fitted
 * Gamma / Weibull / Exponential gaps at each window's rate), merged through a min-heap of
 * each client's next arrival, so memory is O(clients) however long the run. Token lengths
 * come from the client's PMFs of the window the arrival falls in (6-hour windows in the
 * released data); when a window has no PMF, from the nearest earlier window that has one,
 * else from the scenario's inputTokens / outputTokens. Tier, budget, category and tenant
 * come from the scenario's generators; the client id is `sg<id>`.
 */
export class ServegenSource implements RequestSource {
  private readonly clients: ClientArrivals[];
  private readonly lengths: (readonly LengthModel[])[];
  /** Each client's request clientId, `sg<id>`. */
  private readonly names: string[];
  private readonly lengthRngs: Rng[];
  private readonly pendingMs: Float64Array;
  private readonly pendingDataS: Float64Array;
  /** Min-heap of client indices ordered by (pendingMs, index). */
  private readonly heap: Int32Array;
  private heapSize = 0;
  private readonly sampler: AttributeSampler;
  private readonly attrRng: Rng;
  private nextId = 0;

  constructor(spec: ServegenSpec, traffic: TrafficSpec, rng: Rng, private readonly horizonMs: number) {
    this.clients = selectServegenClients(spec, rng, horizonMs);
    const folder = servegenFolder(spec.path);
    this.lengths = this.clients.map((c) => folder.lengthModelsOf(c.client));
    this.names = this.clients.map((c) => `sg${c.client.id}`);
    this.lengthRngs = this.clients.map((c) => rng.fork(`lengths:${c.client.id}`));
    this.sampler = new AttributeSampler(traffic);
    this.attrRng = rng.fork('attributes');
    const n = this.clients.length;
    this.pendingMs = new Float64Array(n);
    this.pendingDataS = new Float64Array(n);
    this.heap = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      this.advance(i);
      this.push(i);
    }
  }

  get clientIds(): string[] {
    return this.clients.map((c) => c.client.id);
  }

  next(): RouteRequest | undefined {
    if (this.heapSize === 0) return undefined;
    const i = this.heap[0];
    const arrivalMs = this.pendingMs[i];
    if (!(arrivalMs < this.horizonMs)) return undefined;
    const dataS = this.pendingDataS[i];
    this.advance(i);
    this.siftDown(0);
    const r = this.lengthRngs[i];
    const model = this.lengthModelAt(i, dataS);
    // Lengths come from the client's own stream, so other clients never shift them.
    const inputTokens = model?.input?.sample(r) ?? this.sampler.inputTokenCount(r);
    const outputTokens = model?.output?.sample(r) ?? this.sampler.outputTokenCount(r);
    return this.sampler.request(this.attrRng, this.nextId++, arrivalMs, inputTokens, outputTokens, this.names[i]);
  }

  private lengthModelAt(i: number, dataS: number): LengthModel | undefined {
    const models = this.lengths[i];
    if (models.length === 0) return undefined;
    let chosen = models[models.length - 1]; // before the first window start: wrap to the last
    for (const m of models) if (m.startS <= dataS) chosen = m;
    return chosen;
  }

  private advance(i: number): void {
    const c = this.clients[i];
    this.pendingMs[i] = c.nextArrivalS() * 1000;
    this.pendingDataS[i] = c.dataTimeS;
  }

  private less(a: number, b: number): boolean {
    const ta = this.pendingMs[a], tb = this.pendingMs[b];
    return ta < tb || (ta === tb && a < b);
  }

  private push(i: number): void {
    let k = this.heapSize++;
    this.heap[k] = i;
    while (k > 0) {
      const parent = (k - 1) >> 1;
      if (!this.less(this.heap[k], this.heap[parent])) break;
      [this.heap[k], this.heap[parent]] = [this.heap[parent], this.heap[k]];
      k = parent;
    }
  }

  private siftDown(k: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * k + 1, r = l + 1;
      let m = k;
      if (l < this.heapSize && this.less(h[l], h[m])) m = l;
      if (r < this.heapSize && this.less(h[r], h[m])) m = r;
      if (m === k) return;
      const t = h[k];
      h[k] = h[m];
      h[m] = t;
      k = m;
    }
  }
}

