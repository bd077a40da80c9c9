import { createHash } from 'node:crypto';
import { parseScenarioText, readScenarioBytes, type LoadScenarioOptions } from '../config/load-scenario.js';
import type { Scenario } from '../config/scenario-schema.js';
import { decodeScenarioBytes } from '../config/source-guards.js';

/** A scenario file as the lab records it: validated, plus its text and the sha256 of its bytes. */
export interface ScenarioSource {
  readonly file: string;
  readonly text: string;
  readonly sha256: string;
  readonly scenario: Scenario;
}

export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** `onWarning` receives the scenario's warnings (see LoadScenarioOptions). */
export function readScenarioSource(file: string, onWarning?: LoadScenarioOptions['onWarning']): ScenarioSource {
  // One read: the text validated is the text recorded and hashed. Problems are ScenarioErrors.
  const bytes = readScenarioBytes(file);
  const text = decodeScenarioBytes(bytes, file);
  return { file, text, sha256: sha256Hex(bytes), scenario: parseScenarioText(text, file, { onWarning }) };
}
