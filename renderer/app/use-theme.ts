import { useEffect, useState } from 'react';

export type ThemePreference = 'system' | 'light' | 'dark';
const DARK_QUERY = '(prefers-color-scheme: dark)';

/** Follows the system's light/dark choice unless the setting pins one; sets <html data-theme>. */
export function useTheme(preference: ThemePreference): 'light' | 'dark' {
  const [isSystemDark, setSystemDark] = useState(() => window.matchMedia(DARK_QUERY).matches);
  useEffect(() => {
    const query = window.matchMedia(DARK_QUERY);
    const onChange = (): void => setSystemDark(query.matches);
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, []);
  const theme = preference === 'system' ? (isSystemDark ? 'dark' : 'light') : preference;
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  return theme;
}
