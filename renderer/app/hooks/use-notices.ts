import { useCallback, useRef, useState } from 'react';
import type { ErrorHint } from '../../../shared/errors';
import type { Toast } from '../../ui/toasts';
import { useEvent } from './client-context';

const INFO_LIFETIME_MS = 6_000;
const MAX_TOASTS = 4;

/** `app.notice` events (and the UI's own notices) as toasts; info fades, warnings and errors stay. */
export function useNotices() {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextId = useRef(1);

  const dismiss = useCallback((id: number) => setToasts((current) => current.filter((toast) => toast.id !== id)), []);

  const notify = useCallback(
    (level: Toast['level'], text: string, code?: string, hint?: ErrorHint) => {
      const id = nextId.current++;
      setToasts((current) => [...current, { id, level, text, code, hint }].slice(-MAX_TOASTS));
      if (level === 'info') setTimeout(() => dismiss(id), INFO_LIFETIME_MS);
    },
    [dismiss],
  );

  useEvent('app.notice', (notice) => notify(notice.level, notice.text, notice.error?.code, notice.error?.hint));
  return { toasts, notify, dismiss };
}
