import { describe, expect, it } from 'vitest';
import { FILES_DRAG_TYPE, dragKindOf, readDrag, writeDrag } from '../../../../renderer/files/file-drag';

describe('file-drag', () => {
  it('carries the side and paths under its own type, and names the side in a second type', () => {
    const data = new Map<string, string>();
    writeDrag({ setData: (format, text) => data.set(format, text) }, { side: 'f3' as never, paths: ['/srv/a', '/srv/b'] });
    expect(readDrag(data.get(FILES_DRAG_TYPE)!)).toEqual({ side: 'f3', paths: ['/srv/a', '/srv/b'] });
    expect(dragKindOf([...data.keys()])).toEqual({ kind: 'panes', fromSide: 'f3' });
  });

  it('tells desktop files apart and ignores any other drag', () => {
    expect(dragKindOf(['Files'])).toEqual({ kind: 'desktop' });
    expect(dragKindOf(['text/plain', 'text/uri-list'])).toBeUndefined();
    expect(dragKindOf(['application/x-jumpgate-tab'])).toBeUndefined();
  });

  it('refuses payloads that are not ours', () => {
    expect(readDrag('not json')).toBeUndefined();
    expect(readDrag(JSON.stringify({ side: 'elsewhere', paths: ['/x'] }))).toBeUndefined();
    expect(readDrag(JSON.stringify({ side: 'local', paths: [] }))).toBeUndefined();
  });
});
