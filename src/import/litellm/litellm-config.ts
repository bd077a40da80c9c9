import { readUserFile } from '../../core/user-file.js';
import { parse } from 'yaml';
import { UserInputError } from '../../core/user-input-error.js';

/**
 * A LiteLLM proxy `config.yaml` (docs.litellm.ai/docs/proxy/configs), read loosely: the
 * mapping step inspects every key and warns about the ones it cannot translate, so nothing
 * here rejects unknown settings. Only a file that is not a mapping with a `model_list` list
 * is an error.
 */
export class LitellmConfigError extends UserInputError {
  override readonly name = 'LitellmConfigError';
  constructor(readonly file: string, detail: string) {
    super(`${file}: ${detail}`);
  }
}

export type YamlObject = Record<string, unknown>;

export const isObject = (v: unknown): v is YamlObject => typeof v === 'object' && v !== null && !Array.isArray(v);

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
}

export function parseLitellmConfig(text: string, file: string): LitellmConfig {
  let raw: unknown;
  try {
    raw = parse(text, { maxAliasCount: 100 });
  } catch (e) {
    throw new LitellmConfigError(file, `not valid YAML (${(e as Error).message.split('\n')[0]})`);
  }
  if (!isObject(raw)) throw new LitellmConfigError(file, 'expected a mapping with a model_list (a LiteLLM proxy config.yaml)');
  if (!Array.isArray(raw.model_list) || raw.model_list.length === 0) {
    throw new LitellmConfigError(file, 'model_list: expected a non-empty list of deployments (model_name + litellm_params)');
  }
  const deployments = raw.model_list.map((entry, index): LitellmDeployment => {
    if (!isObject(entry)) throw new LitellmConfigError(file, `model_list[${index}]: expected a mapping`);
    const { model_name, litellm_params, model_info, ...extra } = entry;
    if (typeof model_name !== 'string' || model_name === '') throw new LitellmConfigError(file, `model_list[${index}].model_name: expected the model group name (a string)`);
    if (!isObject(litellm_params) || typeof litellm_params.model !== 'string' || litellm_params.model === '') {
      throw new LitellmConfigError(file, `model_list[${index}].litellm_params.model: expected the provider model, e.g. azure/gpt-4o`);
    }
    return { index, modelName: model_name, params: litellm_params, modelInfo: isObject(model_info) ? model_info : {}, extra };
  });
  const section = (key: string): YamlObject => {
    const v = raw[key];
    if (v === undefined || v === null) return {};
    if (!isObject(v)) throw new LitellmConfigError(file, `${key}: expected a mapping`);
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
  };
}

export function readLitellmConfig(path: string): LitellmConfig {
  const text = readUserFile(path, (detail) => new LitellmConfigError(path, detail), 'is a directory, not a config file');
  return parseLitellmConfig(text, path);
}
