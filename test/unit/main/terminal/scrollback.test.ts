import { describe, expect, it } from 'vitest';
import { Scrollback } from '../../../../main/terminal/scrollback';

describe('Scrollback', () => {
  it('keeps everything under its bound', () => {
    const scrollback = new Scrollback(100);
    scrollback.push('one\r\n');
    scrollback.push('two\r\n');
    expect(scrollback.text()).toBe('one\r\ntwo\r\n');
  });

  it('drops the oldest output past its bound, from a line start', () => {
    const scrollback = new Scrollback(20);
    scrollback.push('first line\r\n');
    scrollback.push('second line\r\n');
    scrollback.push('third\r\n');
    expect(scrollback.text()).toBe('second line\r\nthird\r\n');
    for (let i = 0; i < 1000; i++) scrollback.push(`line ${i}\r\n`);
    expect(scrollback.text().length).toBeLessThanOrEqual(20);
    expect(scrollback.text().endsWith('line 999\r\n')).toBe(true);
    expect(scrollback.text().startsWith('line')).toBe(true);
  });

  it('never keeps half of a character', () => {
    const scrollback = new Scrollback(5);
    scrollback.push('😀😀😀😀');
    const text = scrollback.text();
    expect(text.length).toBeLessThanOrEqual(5);
    expect(text).toMatch(/^(😀)+$/u);
  });
});
