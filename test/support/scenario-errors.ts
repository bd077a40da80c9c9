import { expect } from 'vitest';
import { formatScenarioError, ScenarioError } from '../../src/config/scenario-error.js';

/** Runs `run`, which must throw a ScenarioError, and returns its formatted lines. */
export function errorLines(run: () => unknown): string[] {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(ScenarioError);
    return formatScenarioError(e as ScenarioError).split('\n');
  }
  throw new Error('expected a ScenarioError');
}
