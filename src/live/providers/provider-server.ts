import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { listenOn } from '../http-listen.js';
import { chatRequestSchema } from '../wire/chat-request.js';
import { openAiError } from '../wire/error-body.js';
import { serveChat, type ExchangeOptions } from './chat-exchange.js';
import type { EmulatedProvider, EmulatedProviders } from './emulated-providers.js';
import { BodyError, readJsonBody } from './read-json-body.js';
import { sendJson } from './send-json.js';

const MAX_BODY_BYTES = 16 * 1024 * 1024;
/** Thousands of clients may connect at once (a load test opening its streams): a deep accept queue (the kernel caps it at somaxconn). */
const LISTEN_BACKLOG = 4096;

export interface ProviderServerOptions extends ExchangeOptions {
  readonly host: string;
  readonly port: number;
  /** More figures for `GET /stats` (the CLI adds its event-loop lag); `reset`: start measuring afresh after answering. */
  readonly extraStats?: (reset: boolean) => Record<string, unknown>;
}

/** Chat completions open now, at most at once, and answered (any outcome) since the start. */
interface ExchangeCounts {
  open: number;
  peakOpen: number;
  closed: number;
}

/** Where each provider is reachable once the server listens. */
export interface ProviderEndpoints {
  readonly host: string;
  readonly port: number;
  readonly ledgerUrl: string;
  readonly providers: readonly { id: string; baseUrl: string; healthUrl: string; models: readonly string[] }[];
}

export interface RunningProviderServer {
  readonly endpoints: ProviderEndpoints;
  readonly server: Server;
  /** Stops listening and drops every open connection (hung and streaming ones included). */
  close(): Promise<void>;
}

/**
 * One HTTP server for all the scenario's providers, each under its own base URL
 * `http://host:port/<provider>/v1` (OpenAI-compatible: chat completions, models), with its
 * health endpoint `/<provider>/health` and ledger `/<provider>/ledger`; `/ledger` has them all,
 * `/stats` the server's own figures (open completions, peak, event-loop lag; `?reset=1`).
 */
export async function startProviderServer(world: EmulatedProviders, opts: ProviderServerOptions): Promise<RunningProviderServer> {
  const counts: ExchangeCounts = { open: 0, peakOpen: 0, closed: 0 };
  const server = createServer((req, res) => {
    handle(world, req, res, opts, counts).catch((err: unknown) => {
      const status = err instanceof BodyError ? err.status : 500;
      if (!res.headersSent) sendJson(res, status, openAiError(err instanceof Error ? err.message : String(err), 'invalid_request_error'));
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 60_000;
  const at = await listenOn(server, opts.host, opts.port, LISTEN_BACKLOG);
  const root = at.root;
  const endpoints: ProviderEndpoints = {
    host: at.host,
    port: at.port,
    ledgerUrl: `${root}/ledger`,
    providers: [...world.providers.values()].map((p) => ({
      id: p.id,
      baseUrl: `${root}/${encodeURIComponent(p.id)}/v1`,
      healthUrl: `${root}/${encodeURIComponent(p.id)}/health`,
      models: p.deployments.map((d) => d.modelId),
    })),
  };
  return {
    endpoints,
    server,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
      world.close();
    }),
  };
}

async function handle(world: EmulatedProviders, req: IncomingMessage, res: ServerResponse, opts: ProviderServerOptions, counts: ExchangeCounts): Promise<void> {
  const path = (req.url ?? '/').split('?')[0];
  world.applyDueChanges();
  if (req.method === 'GET' && path === '/ledger') return sendJson(res, 200, world.ledgerReport());
  if (req.method === 'GET' && path === '/stats') {
    const reset = /[?&]reset=1\b/.test(req.url ?? '');
    sendJson(res, 200, { openCompletions: counts.open, peakOpenCompletions: counts.peakOpen, completionsClosed: counts.closed, ...opts.extraStats?.(reset) });
    if (reset) counts.peakOpen = counts.open;
    return;
  }
  const m = /^\/([^/]+)(\/.*)$/.exec(path);
  const provider = m ? world.providers.get(decodeURIComponent(m[1])) : undefined;
  if (provider === undefined || m === null) {
    const known = [...world.providers.keys()].map((id) => `/${id}/v1`).join(', ');
    return sendJson(res, 404, openAiError(`no such endpoint ${path}; the providers' base URLs are ${known}`, 'invalid_request_error', 'unknown_url'));
  }
  const rest = m[2];
  if (req.method === 'GET' && rest === '/health') return probe(provider, res);
  if (req.method === 'GET' && rest === '/ledger') return sendJson(res, 200, world.ledgerReport().providers.find((p) => p.id === provider.id));
  if (req.method === 'GET' && rest === '/v1/models') {
    return sendJson(res, 200, { object: 'list', data: provider.deployments.map((d) => ({ id: d.modelId, object: 'model', created: 0, owned_by: provider.id })) });
  }
  if (req.method === 'POST' && rest === '/v1/chat/completions') {
    const parsed = chatRequestSchema.safeParse(await readJsonBody(req, MAX_BODY_BYTES));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return sendJson(res, 400, openAiError(`${issue.path.join('.') || 'body'}: ${issue.message}`, 'invalid_request_error', null, issue.path.join('.') || null));
    }
    const modelId = modelOf(provider, parsed.data.model);
    if (modelId === undefined) {
      return sendJson(res, 404, openAiError(`The model '${parsed.data.model}' does not exist on provider '${provider.id}' (it has ${provider.deployments.map((d) => d.modelId).join(', ')})`, 'invalid_request_error', 'model_not_found', 'model'));
    }
    world.applyDueChanges(); // reading the body took time: meet the provider as it is now
    counts.open++;
    if (counts.open > counts.peakOpen) counts.peakOpen = counts.open;
    res.on('close', () => {
      counts.open--;
      counts.closed++;
    });
    return serveChat(provider, world.attempts, modelId, parsed.data, req.headers, res, opts);
  }
  return sendJson(res, 404, openAiError(`no such endpoint ${req.method} ${path}`, 'invalid_request_error', 'unknown_url'));
}

/**
 * The model a request names. A provider with a single model serves it whatever the name (a
 * gateway often sends its own alias); with several, the name must be one of them.
 */
function modelOf(provider: EmulatedProvider, name: string): string | undefined {
  const exact = provider.deployments.find((d) => d.modelId === name || d.id === name);
  if (exact !== undefined) return exact.modelId;
  return provider.deployments.length === 1 ? provider.deployments[0].modelId : undefined;
}

/** The health endpoint follows the scenario's health model: green through gray failures, red when down (and on false alarms). */
function probe(provider: EmulatedProvider, res: ServerResponse): void {
  let answered = false;
  const cancel = provider.sim.probe((ok) => {
    answered = true;
    sendJson(res, ok ? 200 : 503, ok ? { status: 'ok' } : { status: 'unavailable' });
  });
  res.on('close', () => {
    if (!answered) cancel();
  });
}
