import { describe, expect, it } from 'vitest';
import { joinPath, nameProblem, parentOf } from '../../../../renderer/files/file-paths';

describe('file-paths', () => {
  it('finds the parent of POSIX paths; the root is its own parent', () => {
    expect(parentOf('/home/me/docs')).toBe('/home/me');
    expect(parentOf('/home/me/docs/')).toBe('/home/me');
    expect(parentOf('/home')).toBe('/');
    expect(parentOf('/')).toBe('/');
  });

  it('finds the parent of Windows paths on this computer', () => {
    expect(parentOf('C:\\Users\\me')).toBe('C:\\Users');
    expect(parentOf('C:\\Users')).toBe('C:\\');
    expect(parentOf('C:\\')).toBe('C:\\');
  });

  it('joins a name to a directory with its separator', () => {
    expect(joinPath('/srv', 'a b')).toBe('/srv/a b');
    expect(joinPath('/', 'etc')).toBe('/etc');
    expect(joinPath('C:\\Users', 'me')).toBe('C:\\Users\\me');
    expect(joinPath('C:\\', 'Users')).toBe('C:\\Users');
  });

  it('refuses names that are not one entry', () => {
    expect(nameProblem('notes.txt')).toBeUndefined();
    expect(nameProblem('  ')).toBeDefined();
    expect(nameProblem('..')).toBeDefined();
    expect(nameProblem('a/b')).toBeDefined();
    expect(nameProblem('a\\b')).toBeDefined();
  });
});
