import type { Deployment } from '../../routing/types.js';

/** One provider as the gateway reaches it. The API key is held here and only sent upstream. */
export interface Upstream {
  readonly providerId: string;
  /** OpenAI-compatible base URL without a trailing slash, e.g. http://127.0.0.1:8400/alpha/v1 */
  readonly baseUrl: string;
  /** host:port, for logs (`server.address`). */
  readonly serverAddress: string;
  readonly apiKey?: string;
  /** Probed by active health checks; default `<baseUrl>/models` (free on real APIs: no completion is billed). */
  readonly healthUrl: string;
  /** Scenario model id → the upstream's model name. */
  readonly modelNames: ReadonlyMap<string, string>;
}

export function upstreamModelOf(upstream: Upstream, d: Deployment): string {
  return upstream.modelNames.get(d.modelId) ?? d.modelId;
}

export function makeUpstream(providerId: string, baseUrl: string, opts: { apiKey?: string; healthUrl?: string; modelNames?: Readonly<Record<string, string>> } = {}): Upstream {
  const base = baseUrl.replace(/\/+$/, '');
  const url = new URL(base);
  return {
    providerId,
    baseUrl: base,
    serverAddress: url.host,
    apiKey: opts.apiKey,
    healthUrl: opts.healthUrl ?? `${base}/models`,
    modelNames: new Map(Object.entries(opts.modelNames ?? {})),
  };
}
