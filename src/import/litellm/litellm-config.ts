import { LineCounter, parseDocument } from 'yaml';
import { readUserFile } from '../../core/user-file.js';
import { UserInputError } from '../../core/user-input-error.js';
import { isPlainObject } from '../../core/is-plain-object.js';
import { formatPath, type PathSegment } from '../../config/scenario-error.js';
import { findDuplicateKeys } from '../../config/yaml-duplicate-keys.js';
import { locatePath, pathExists, positionOfOffset, type Position } from '../../config/yaml-locate.js';
import { shortMessage } from '../../config/yaml-source.js';

/**
 * A LiteLLM proxy `config.yaml` (docs.litellm.ai/docs/proxy/configs), read loosely: the
 * mapping step inspects every key and warns about the ones it cannot translate, so nothing
 * here rejects unknown settings. Only a file that is not a mapping with a `model_list` list
 * is an error.
 */
export class LitellmConfigError extends UserInputError {
  override readonly name = 'LitellmConfigError';
  constructor(readonly file: string, detail: string, readonly position?: Position) {
    super(`${file}${position === undefined ? '' : `:${position.line}:${position.column}`}: ${detail}`);
  }
}

export type YamlObject = Record<string, unknown>;

export interface LitellmDeployment {
  /** Position in model_list, for warnings. */
  readonly index: number;
  /** The public model group name clients ask for. */
  readonly modelName: string;
  readonly params: YamlObject;
  readonly modelInfo: YamlObject;
  /** Keys of the entry besides model_name / litellm_params / model_info (rpm, tpm, ...). */
  readonly extra: YamlObject;
}

export interface LitellmConfig {
  readonly file: string;
  readonly deployments: readonly LitellmDeployment[];
  readonly routerSettings: YamlObject;
  readonly litellmSettings: YamlObject;
  readonly generalSettings: YamlObject;
  /** Every other top-level key. */
  readonly otherTopLevel: YamlObject;
  /** Where a setting (['router_settings', 'num_retries'], ['model_list', 2, 'litellm_params']) is written, for messages; undefined when it is not. */
  locate(path: readonly PathSegment[]): Position | undefined;
}

export function parseLitellmConfig(text: string, file: string): LitellmConfig {
  const lineCounter = new LineCounter();
  // No YAML 1.1 Map/Set/Date (!!omap, !!set, ...): a tagged section must not read as an empty one.
  // Duplicate keys by the linear check scenarios use: the library's own is quadratic per mapping.
  const doc = parseDocument(text, { lineCounter, resolveKnownTags: false, uniqueKeys: false });
  const bad = doc.errors[0] ?? doc.warnings.find((w) => w.code === 'TAG_RESOLVE_FAILED');
  if (bad !== undefined) {
    throw new LitellmConfigError(file, `not valid YAML (${shortMessage(bad)})`, positionOfOffset(lineCounter, bad.pos[0]));
  }
  const duplicate = findDuplicateKeys(doc)[0];
  if (duplicate !== undefined) {
    throw new LitellmConfigError(file, `${formatPath(duplicate.path)}: duplicate key`, positionOfOffset(lineCounter, duplicate.offset));
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    throw new LitellmConfigError(file, `not valid YAML (${(e as Error).message.split('\n')[0]})`);
  }
  // Warnings name settings that are written; an error about a missing key points at its parent.
  const locate = (path: readonly PathSegment[]) => (pathExists(doc, path) ? locatePath(doc, lineCounter, path) : undefined);
  const fail = (path: readonly PathSegment[], detail: string) => new LitellmConfigError(file, `${formatPath(path)}: ${detail}`, locatePath(doc, lineCounter, path));
  if (!isPlainObject(raw)) throw new LitellmConfigError(file, 'expected a mapping with a model_list (a LiteLLM proxy config.yaml)');
  if (!Array.isArray(raw.model_list) || raw.model_list.length === 0) {
    throw fail(['model_list'], 'expected a non-empty list of deployments (model_name + litellm_params)');
  }
  const deployments = raw.model_list.map((entry, index): LitellmDeployment => {
    if (!isPlainObject(entry)) throw fail(['model_list', index], 'expected a mapping');
    const { model_name, litellm_params, model_info, ...extra } = entry;
    if (typeof model_name !== 'string' || model_name === '') throw fail(['model_list', index, 'model_name'], 'expected the model group name (a string)');
    if (!isPlainObject(litellm_params) || typeof litellm_params.model !== 'string' || litellm_params.model === '') {
      throw fail(['model_list', index, 'litellm_params', 'model'], 'expected the provider model, e.g. azure/gpt-4o');
    }
    return { index, modelName: model_name, params: litellm_params, modelInfo: isPlainObject(model_info) ? model_info : {}, extra };
  });
  const section = (key: string): YamlObject => {
    const v = raw[key];
    if (v === undefined || v === null) return {};
    if (!isPlainObject(v)) throw fail([key], 'expected a mapping');
    return v;
  };
  const { model_list: _m, router_settings: _r, litellm_settings: _l, general_settings: _g, ...otherTopLevel } = raw;
  return {
    file,
    deployments,
    routerSettings: section('router_settings'),
    litellmSettings: section('litellm_settings'),
    generalSettings: section('general_settings'),
    otherTopLevel,
    locate,
  };
}

export function readLitellmConfig(path: string): LitellmConfig {
  const text = readUserFile(path, (detail) => new LitellmConfigError(path, detail), 'is a directory, not a config file');
  return parseLitellmConfig(text, path);
}
