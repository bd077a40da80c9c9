import { describe, expect, it } from 'vitest';
import { UsageError, describeFailure } from './user-error.js';

describe('describeFailure', () => {
  it('a user error: its message, exit 2', () => {
    expect(describeFailure(new UsageError('--families: give at least one family'))).toEqual({ message: '--families: give at least one family', exitCode: 2 });
  });

  it('a module that cannot be found (half-built dist/, missing dependency): what to run, first line only, exit 1', () => {
    const e = Object.assign(new Error("Cannot find package 'zod' imported from /x/dist/config/scenario-schema.js\nDid you mean to import zod/index.js?"), { code: 'ERR_MODULE_NOT_FOUND' });
    expect(describeFailure(e)).toEqual({
      message: "the installation is incomplete (Cannot find package 'zod' imported from /x/dist/config/scenario-schema.js); run 'npm ci' in the routesim checkout, or reinstall the package",
      exitCode: 1,
    });
  });

  it('anything else is a bug to report, with its stack, exit 1', () => {
    const e = new TypeError('x is undefined');
    const { message, exitCode } = describeFailure(e);
    expect(exitCode).toBe(1);
    expect(message).toBe(`internal error (please report): ${e.stack}`);
  });
});
