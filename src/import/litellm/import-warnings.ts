/** Something in the LiteLLM config the import could not carry over exactly. */
export interface ImportWarning {
  /** Where in the config: `router_settings.redis_host`, `model_list[2].litellm_params.api_key`. */
  readonly path: string;
  readonly message: string;
}

import type { Position } from '../../config/yaml-locate.js';

/** The config the warnings are about: each line then starts `file:line:col: warning:`, at the setting's first occurrence. */
export interface WarningSource {
  readonly file: string;
  locate(path: string): Position | undefined;
}

/**
 * One line per distinct (setting, message): the same key in several model_list entries is
 * listed once with every index (`model_list[0,2].litellm_params.api_key`), so a config with
 * twenty deployments does not print twenty identical lines — but every setting is named.
 */
export function formatImportWarnings(warnings: readonly ImportWarning[], source?: WarningSource): string[] {
  const groups = new Map<string, { first: string; prefix: string; suffix: string; indexes: number[]; message: string }>();
  const order: string[] = [];
  for (const w of warnings) {
    const m = /^model_list\[(\d+)\](.*)$/.exec(w.path);
    const key = m ? `model_list[*]${m[2]}\u0000${w.message}` : `${w.path}\u0000${w.message}`;
    let g = groups.get(key);
    if (g === undefined) {
      g = { first: w.path, prefix: m ? 'model_list' : w.path, suffix: m ? m[2] : '', indexes: [], message: w.message };
      groups.set(key, g);
      order.push(key);
    }
    if (m) g.indexes.push(Number(m[1]));
  }
  return order.map((k) => {
    const g = groups.get(k)!;
    const where = g.indexes.length > 0 ? `${g.prefix}[${g.indexes.join(',')}]${g.suffix}` : g.prefix;
    if (source === undefined) return `${where}: ${g.message}`;
    const at = source.locate(g.first);
    return `${source.file}${at === undefined ? '' : `:${at.line}:${at.column}`}: warning: ${where}: ${g.message}`;
  });
}
