import { useEffect, useState } from 'react';

export type ThemePreference = 'system' | 'light' | 'dark';
const DARK_QUERY = '(prefers-color-scheme: dark)';

const STORED_KEY = 'jumpgate.theme';

/**
 * Sets <html data-theme> before the first paint from the last known preference, so a window
 * does not flash the wrong theme while settings are on their way from main.
 */
export function applyInitialTheme(): void {
  document.documentElement.dataset.theme = resolveTheme(storedPreference(), window.matchMedia(DARK_QUERY).matches);
}

/** The last preference this origin saw; storage can be unavailable (an opaque origin), then 'system'. */
function storedPreference(): ThemePreference {
  try {
    const stored = window.localStorage.getItem(STORED_KEY);
    return stored === 'light' || stored === 'dark' ? stored : 'system';
  } catch {
    return 'system';
  }
}

function remember(preference: ThemePreference): void {
  try {
    window.localStorage.setItem(STORED_KEY, preference);
  } catch {
    // Only a hint for the next first paint; main keeps the real setting.
  }
}

function resolveTheme(preference: ThemePreference, isSystemDark: boolean): 'light' | 'dark' {
  return preference === 'system' ? (isSystemDark ? 'dark' : 'light') : preference;
}

/** Follows the system's light/dark choice unless the setting pins one; sets <html data-theme>. */
export function useTheme(preference: ThemePreference | undefined): 'light' | 'dark' {
  const [isSystemDark, setSystemDark] = useState(() => window.matchMedia(DARK_QUERY).matches);
  useEffect(() => {
    const query = window.matchMedia(DARK_QUERY);
    const onChange = (): void => setSystemDark(query.matches);
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, []);
  const [stored] = useState(storedPreference);
  const theme = resolveTheme(preference ?? stored, isSystemDark);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  useEffect(() => {
    if (preference !== undefined) remember(preference);
  }, [preference]);
  return theme;
}
