import { formatPath, type PathSegment } from '../../config/scenario-error.js';
import type { Position } from '../../config/yaml-locate.js';

/** Something in the LiteLLM config the import could not carry over exactly. */
export interface ImportWarning {
  /** Where in the config, by key (a key may contain dots): ['model_list', 2, 'litellm_params', 'api_key']. */
  readonly path: readonly PathSegment[];
  readonly message: string;
}

/** The config the warnings are about: each line then starts `file:line:col: warning:`, at the setting's first occurrence. */
export interface WarningSource {
  readonly file: string;
  locate(path: readonly PathSegment[]): Position | undefined;
}

/**
 * One line per distinct (setting, message): the same key in several model_list entries is
 * listed once with every index (`model_list[0,2].litellm_params.api_key`), so a config with
 * twenty deployments does not print twenty identical lines — but every setting is named.
 * Paths print as scenario errors do (formatPath): `router_settings.redis_host`, `fallbacks["gpt-4.1"]`.
 */
export function formatImportWarnings(warnings: readonly ImportWarning[], source?: WarningSource): string[] {
  const groups = new Map<string, { first: readonly PathSegment[]; rest?: readonly PathSegment[]; indexes: number[]; message: string }>();
  for (const w of warnings) {
    const entry = w.path[0] === 'model_list' && typeof w.path[1] === 'number' ? w.path[1] : undefined;
    const rest = entry === undefined ? undefined : w.path.slice(2);
    const key = JSON.stringify([rest === undefined ? w.path : ['model_list[*]', ...rest], w.message]);
    let g = groups.get(key);
    if (g === undefined) {
      g = { first: w.path, rest, indexes: [], message: w.message };
      groups.set(key, g);
    }
    if (entry !== undefined) g.indexes.push(entry);
  }
  return [...groups.values()].map((g) => {
    // formatPath of the rest after a placeholder root: `.litellm_params.api_key`, `["a.b"]`, or ''.
    const where = g.rest === undefined ? formatPath(g.first) : `model_list[${g.indexes.join(',')}]${formatPath(['_', ...g.rest]).slice(1)}`;
    if (source === undefined) return `${where}: ${g.message}`;
    const at = source.locate(g.first);
    return `${source.file}${at === undefined ? '' : `:${at.line}:${at.column}`}: warning: ${where}: ${g.message}`;
  });
}
