import { useEffect, useRef } from 'react';

/** A key combination: "Mod" is Cmd on macOS and Ctrl elsewhere, as terminal users expect. */
export type Shortcut = `Mod+${string}` | `Mod+Shift+${string}` | `Mod+Alt+${string}`;

const isMac = /Mac|iPhone|iPad/.test(navigator.platform);

/** Human text for a shortcut on this platform ("Ctrl+Shift+N", "⌘⇧N"). */
export function describeShortcut(shortcut: Shortcut): string {
  return isMac ? shortcut.replace('Mod+', '⌘').replace('Shift+', '⇧').replace('Alt+', '⌥') : shortcut.replace('Mod+', 'Ctrl+');
}

/**
 * App-wide shortcuts. They are ignored while a dialog is open (the app behind it is inert), so a
 * shortcut never acts behind a question the person has not answered.
 */
export function useShortcuts(bindings: Partial<Record<Shortcut, () => void>>): void {
  const latest = useRef(bindings);
  latest.current = bindings;
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      const hasMod = isMac ? event.metaKey && !event.ctrlKey : event.ctrlKey && !event.metaKey;
      if (!hasMod || event.repeat || (event.altKey && event.shiftKey)) return;
      if (document.getElementById('root')?.hasAttribute('inert')) return;
      const key = event.key.length === 1 ? event.key.toUpperCase() : event.key;
      const modifiers = event.altKey ? 'Alt+' : event.shiftKey ? 'Shift+' : '';
      const action = latest.current[`Mod+${modifiers}${key}` as Shortcut];
      if (action === undefined) return;
      event.preventDefault();
      action();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
