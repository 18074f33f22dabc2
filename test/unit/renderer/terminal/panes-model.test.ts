import { describe, expect, it } from 'vitest';
import { paneIds } from '../../../../renderer/terminal/pane-layout';
import { NO_PANES, type PanesAction, panesModel, tabOfPane } from '../../../../renderer/terminal/panes-model';

const run = (...actions: PanesAction[]) => actions.reduce(panesModel, NO_PANES);

describe('panes of each tab', () => {
  it('a split divides the focused pane and focuses the new one; focus moves by direction', () => {
    const state = run(
      { type: 'add-tab', tabId: 't1', paneId: 'a' },
      { type: 'split', tabId: 't1', direction: 'row', paneId: 'b' },
      { type: 'split', tabId: 't1', direction: 'column', paneId: 'c' },
    );
    expect(paneIds(state.get('t1')!.layout)).toEqual(['a', 'b', 'c']);
    expect(state.get('t1')!.focusedId).toBe('c');
    const moved = panesModel(state, { type: 'move-focus', tabId: 't1', direction: 'left' });
    expect(moved.get('t1')!.focusedId).toBe('a');
    // Nothing further left: the focus stays.
    expect(panesModel(moved, { type: 'move-focus', tabId: 't1', direction: 'left' }).get('t1')!.focusedId).toBe('a');
    expect(tabOfPane(state, 'c')).toBe('t1');
  });

  it('closing the focused pane focuses its neighbour; closing the last pane leaves the tab out', () => {
    let state = run(
      { type: 'add-tab', tabId: 't1', paneId: 'a' },
      { type: 'split', tabId: 't1', direction: 'row', paneId: 'b' },
      { type: 'add-tab', tabId: 't2', paneId: 'x' },
    );
    state = panesModel(state, { type: 'remove-pane', paneId: 'b' });
    expect(state.get('t1')).toEqual({ layout: { kind: 'pane', id: 'a' }, focusedId: 'a' });
    state = panesModel(state, { type: 'remove-pane', paneId: 'a' });
    expect(state.has('t1')).toBe(false);
    expect(state.has('t2')).toBe(true);
  });

  it('clicking a pane focuses it, in whichever tab it is', () => {
    const state = run(
      { type: 'add-tab', tabId: 't1', paneId: 'a' },
      { type: 'split', tabId: 't1', direction: 'column', paneId: 'b' },
      { type: 'focus', paneId: 'a' },
    );
    expect(state.get('t1')!.focusedId).toBe('a');
  });
});
