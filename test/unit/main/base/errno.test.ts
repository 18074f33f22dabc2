import { promises as fs } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { errnoCode } from '../../../../main/base/errno';

describe('errnoCode', () => {
  it("reads an OS error's code", async () => {
    const error = await fs.readFile('/nonexistent/jumpgate/errno-test').catch((caught: unknown) => caught);
    expect(errnoCode(error)).toBe('ENOENT');
  });

  it('is undefined for whatever carries no string code', () => {
    for (const value of [undefined, null, 'ENOENT', new Error('plain'), { code: 7 }, { code: undefined }]) expect(errnoCode(value)).toBeUndefined();
  });
});
