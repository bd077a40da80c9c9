/**
 * Fallback chains: validated once at startup, walked at request time.
 *
 * Keys and targets are deployment ids ("provider/model") or provider ids; a provider id
 * stands for all of that provider's deployments (in declaration order). A key naming a
 * deployment overrides a key naming its provider. Self-references that only arise from a
 * provider expanding to include the key's own deployment are dropped (e.g. `openai: [openai]`
 * means "any other openai deployment"); a deployment listing itself by name is a cycle.
 *
 * Validation rejects unknown ids and cycles. A cycle is checked over the union of all four
 * maps, because a request can fail over along one class of error and then another: a → b in
 * `rateLimited` plus b → a in `default` is reported as "a → b → a". Walking additionally skips
 * already-tried deployments, so `next` can never loop even if validation were bypassed.
 */
import type { FallbacksConfig } from '../../config/router-schema.js';
import type { ErrorClass } from '../types.js';
import { UserInputError } from '../../core/user-input-error.js';

export type FallbackMapName = keyof FallbacksConfig;
export type ConfigPath = readonly (string | number)[];

const MAP_NAMES: readonly FallbackMapName[] = ['default', 'rateLimited', 'contextWindow', 'providerError'];

const MAP_FOR_CLASS: Readonly<Record<ErrorClass, FallbackMapName>> = {
  'rate-limited': 'rateLimited',
  'context-window': 'contextWindow',
  'provider-error': 'providerError',
};

export class FallbackConfigError extends UserInputError {
  constructor(readonly path: ConfigPath, readonly detail: string) {
    super(`${formatPath(path)}: ${detail}`);
    this.name = 'FallbackConfigError';
  }
}

export interface FallbackPlan {
  /**
   * First deployment of `fromId`'s chain for `errorClass` (then its 'default' chain) that is
   * neither `fromId` nor in `tried`; undefined when the chains are exhausted.
   */
  next(fromId: string, errorClass: ErrorClass | undefined, tried: ReadonlySet<string>): string | undefined;
  /** The expanded chain of one map for one deployment (empty when none). */
  chain(fromId: string, map: FallbackMapName): readonly string[];
}

interface Edge {
  readonly to: string;
  readonly path: ConfigPath;
}

export function buildFallbackPlan(
  cfg: FallbacksConfig,
  deployments: readonly { id: string; providerId: string }[],
  pathPrefix: ConfigPath = ['router', 'fallbacks'],
): FallbackPlan {
  const deploymentIds = new Set(deployments.map((d) => d.id));
  const byProvider = new Map<string, string[]>();
  for (const d of deployments) {
    const list = byProvider.get(d.providerId) ?? [];
    list.push(d.id);
    byProvider.set(d.providerId, list);
  }
  const resolve = (token: string, path: ConfigPath): { ids: readonly string[]; viaProvider: boolean } => {
    if (deploymentIds.has(token)) return { ids: [token], viaProvider: false };
    const ids = byProvider.get(token);
    if (ids !== undefined) return { ids, viaProvider: true };
    throw new FallbackConfigError(path, `unknown deployment or provider id '${token}'`);
  };

  // chains[map] : deployment → expanded chain with provenance; specific keys override provider keys.
  const chains = new Map<FallbackMapName, Map<string, Edge[]>>();
  for (const map of MAP_NAMES) {
    const specific = new Map<string, Edge[]>();
    const viaProvider = new Map<string, Edge[]>();
    for (const [key, targets] of Object.entries(cfg[map] ?? {})) {
      const keyPath = [...pathPrefix, map, key];
      const from = resolve(key, keyPath);
      for (const d of from.ids) {
        const edges: Edge[] = [];
        targets.forEach((target, i) => {
          const path = [...keyPath, i];
          const to = resolve(target, path);
          for (const t of to.ids) {
            if (t === d) {
              if (from.viaProvider || to.viaProvider) continue;
              throw new FallbackConfigError(path, `fallback cycle: ${d} → ${d}`);
            }
            if (!edges.some((e) => e.to === t)) edges.push({ to: t, path });
          }
        });
        (from.viaProvider ? viaProvider : specific).set(d, edges);
      }
    }
    for (const [d, edges] of viaProvider) if (!specific.has(d)) specific.set(d, edges);
    chains.set(map, specific);
  }

  rejectCycles(deployments.map((d) => d.id), chains);

  const ids = new Map<FallbackMapName, Map<string, readonly string[]>>();
  for (const [map, byDeployment] of chains) {
    ids.set(map, new Map([...byDeployment].map(([d, edges]) => [d, edges.map((e) => e.to)])));
  }
  const chain = (fromId: string, map: FallbackMapName): readonly string[] => ids.get(map)?.get(fromId) ?? [];

  return {
    chain,
    next(fromId, errorClass, tried) {
      const maps: FallbackMapName[] = errorClass === undefined ? ['default'] : [MAP_FOR_CLASS[errorClass], 'default'];
      for (const map of maps) {
        for (const id of chain(fromId, map)) if (id !== fromId && !tried.has(id)) return id;
      }
      return undefined;
    },
  };
}

/** Depth-first search over the union of all maps; throws on the first back edge found. */
function rejectCycles(order: readonly string[], chains: ReadonlyMap<FallbackMapName, ReadonlyMap<string, Edge[]>>): void {
  const out = new Map<string, Edge[]>();
  for (const map of MAP_NAMES) {
    for (const [d, edges] of chains.get(map) ?? []) out.set(d, [...(out.get(d) ?? []), ...edges]);
  }
  const DONE = 2;
  const ON_STACK = 1;
  const color = new Map<string, number>();
  const stack: string[] = [];
  // Iterative DFS: frames of (node, next edge index), so deep chains cannot blow the JS stack.
  for (const root of order) {
    if (color.has(root)) continue;
    const frames: { node: string; i: number }[] = [{ node: root, i: 0 }];
    color.set(root, ON_STACK);
    stack.push(root);
    while (frames.length > 0) {
      const f = frames[frames.length - 1];
      const edges = out.get(f.node) ?? [];
      if (f.i >= edges.length) {
        color.set(f.node, DONE);
        stack.pop();
        frames.pop();
        continue;
      }
      const e = edges[f.i++];
      const c = color.get(e.to);
      if (c === ON_STACK) {
        const cycle = [...stack.slice(stack.indexOf(e.to)), e.to];
        throw new FallbackConfigError(e.path, `fallback cycle: ${cycle.join(' → ')}`);
      }
      if (c === undefined) {
        color.set(e.to, ON_STACK);
        stack.push(e.to);
        frames.push({ node: e.to, i: 0 });
      }
    }
  }
}

/**
 * The seed's last resort when nothing is healthy: the deployment with the fewest recorded
 * failures (missing counts are 0; ties go to the earlier id). Undefined for an empty list.
 */
export function leastUnhealthy(
  ids: readonly string[],
  failureCounts: ReadonlyMap<string, number> | Readonly<Record<string, number>> | ((id: string) => number),
): string | undefined {
  const countOf =
    typeof failureCounts === 'function'
      ? failureCounts
      : failureCounts instanceof Map
        ? (id: string) => failureCounts.get(id) ?? 0
        : (id: string) => (Object.hasOwn(failureCounts, id) ? (failureCounts as Readonly<Record<string, number>>)[id] : 0);
  let best: string | undefined;
  let bestCount = Infinity;
  for (const id of ids) {
    const n = countOf(id);
    if (best === undefined || n < bestCount) {
      best = id;
      bestCount = n;
    }
  }
  return best;
}

function formatPath(path: ConfigPath): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : /^[A-Za-z_$][\w$]*$/.test(p) ? (i === 0 ? p : `.${p}`) : `['${p}']`))
    .join('');
}
