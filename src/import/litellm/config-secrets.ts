import { appendAll } from '../../core/bulk-array.js';
import { isPlainObject } from '../../core/is-plain-object.js';
import type { LitellmConfig } from './litellm-config.js';
import { CONNECTION_KEYS } from './litellm-defaults.js';

/**
 * Credentials in a LiteLLM config must never reach what routesim writes or prints: ids,
 * descriptions, warnings, the written scenario and every report made from it. Two layers:
 * `hostOf` takes only the host name from a URL (never its userinfo or query), and everything
 * the import emits passes through `redactSecrets` with the credentials found in the config,
 * so a future message that quotes a value cannot leak one either.
 */

/** The host name of an absolute URL, without userinfo, port, path or query; undefined when it is not one. */
export function hostOf(url: unknown): string | undefined {
  if (typeof url !== 'string' || !/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) return undefined;
  try {
    return new URL(url).hostname || undefined;
  } catch {
    return undefined;
  }
}

/** Connection keys whose values say where, not who: redacting them would only blur ids and messages. */
const NOT_SECRET_KEYS = new Set(['api_version', 'api_type', 'aws_region_name', 'vertex_location', 'use_in_pass_through']);
/** Shorter values are too likely to be ordinary words to be redacted everywhere. */
const MIN_SECRET_CHARS = 4;
/** `os.environ/NAME` is LiteLLM's reference to an environment variable, not a secret. */
const ENV_REFERENCE = /^os\.environ\//;

/** Query parameters of a URL, user name and password: everything in it but scheme, host, port and path. */
function urlSecrets(value: string): string[] {
  const out: string[] = [];
  const userinfo = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)@/i.exec(value)?.[1];
  if (userinfo !== undefined) appendAll(out, [userinfo, ...userinfo.split(':')]);
  const query = value.indexOf('?');
  if (query >= 0) {
    for (const part of value.slice(query + 1).split(/[&#]/)) {
      const eq = part.indexOf('=');
      if (eq >= 0) out.push(part.slice(eq + 1), safeDecode(part.slice(eq + 1)));
    }
  }
  return out;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Every credential-like string in the config: values of connection keys anywhere, and the secret parts of any URL. */
export function configSecrets(cfg: LitellmConfig): string[] {
  const found = new Set<string>();
  const visit = (v: unknown, key: string | undefined, depth: number): void => {
    if (depth > 64) return;
    if (typeof v === 'string') {
      if (key !== undefined && CONNECTION_KEYS.has(key) && !NOT_SECRET_KEYS.has(key)) found.add(v);
      for (const s of urlSecrets(v)) found.add(s);
    } else if (Array.isArray(v)) v.forEach((x) => visit(x, key, depth + 1));
    else if (isPlainObject(v)) for (const [k, x] of Object.entries(v)) visit(x, CONNECTION_KEYS.has(key ?? '') ? key : k, depth + 1);
  };
  for (const d of cfg.deployments) visit([d.params, d.modelInfo, d.extra], undefined, 0);
  visit([cfg.routerSettings, cfg.litellmSettings, cfg.generalSettings, cfg.otherTopLevel], undefined, 0);
  return [...found].filter((s) => s.length >= MIN_SECRET_CHARS && !ENV_REFERENCE.test(s)).sort((a, b) => b.length - a.length);
}

/** `text` with every occurrence of a secret replaced (longest first, so a password inside a userinfo goes with it). */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (out.includes(s)) out = out.split(s).join('REDACTED');
  return out;
}
