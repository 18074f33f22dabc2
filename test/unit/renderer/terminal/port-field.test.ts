import { describe, expect, it } from 'vitest';
import { localUrl, parsePortField } from '../../../../renderer/terminal/port-field';

describe('the port fields of Forward a port…', () => {
  it('takes 1 to 65535, empty as unset, and nothing else', () => {
    expect(parsePortField(' 8080 ')).toBe(8080);
    expect(parsePortField('')).toBeUndefined();
    expect(parsePortField('   ')).toBeUndefined();
    for (const bad of ['0', '65536', '-1', '80.5', '1e3', '0x50', '8080a', '999999']) expect(parsePortField(bad)).toBeNaN();
  });

  it('opens only this computer', () => {
    expect(localUrl(8080)).toBe('http://localhost:8080/');
  });
});
