import { dirname, resolve } from 'node:path';

/**
 * A path written in a scenario file, made absolute against the folder of that file (so the
 * scenario runs the same from any working directory, or in a worker).
 */
export function relativeToScenario(scenarioFile: string, p: string): string {
  return resolve(dirname(scenarioFile), p);
}
