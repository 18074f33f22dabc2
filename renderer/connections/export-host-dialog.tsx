import { Check, Copy, FileCode } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import type { ConnectionProfile } from '../../shared/model';
import { useClient } from '../app/hooks/client-context';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';
import './export-host-dialog.css';

type Loaded = { state: 'loading' } | { state: 'ready'; text: string } | { state: 'failed'; message: string };

/** "Copy as ssh config": the saved host as a Host block for ~/.ssh/config, with a Copy button. */
export function ExportHostDialog({ profile, onClose }: { profile: ConnectionProfile; onClose(): void }) {
  const { api } = useClient();
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const [copied, setCopied] = useState<'no' | 'yes' | 'select'>('no');
  const text = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    let isCurrent = true;
    void api['hosts.export']({ id: profile.id }).then((result) => {
      if (!isCurrent) return;
      setLoaded(result.ok ? { state: 'ready', text: result.value.text } : { state: 'failed', message: result.error.message });
    });
    return () => {
      isCurrent = false;
    };
  }, [api, profile.id]);

  const copy = async (): Promise<void> => {
    if (loaded.state !== 'ready') return;
    try {
      await navigator.clipboard.writeText(loaded.text);
      setCopied('yes');
    } catch {
      // No clipboard here (a browser that was not allowed it): the text is selected for Ctrl+C instead.
      text.current?.select();
      setCopied('select');
    }
  };

  return (
    <Dialog
      title={`${profile.name} as ssh config`}
      subtitle="A Host block to paste into ~/.ssh/config; saved jump hosts are written as their addresses."
      icon={FileCode}
      width="m"
      onClose={onClose}
      testId="export-host-dialog"
      footer={
        <>
          <Button onClick={onClose}>Close</Button>
          <Button variant="primary" icon={copied === 'yes' ? Check : Copy} disabled={loaded.state !== 'ready'} onClick={() => void copy()}>
            {copied === 'yes' ? 'Copied' : 'Copy'}
          </Button>
        </>
      }
    >
      {loaded.state === 'loading' && <p className="export-host__note">Writing the Host block…</p>}
      {loaded.state === 'failed' && (
        <p className="export-host__note export-host__note--error" role="alert">
          {loaded.message}
        </p>
      )}
      {loaded.state === 'ready' && (
        <textarea
          ref={text}
          className="export-host__text mono"
          aria-label="Host block"
          data-testid="export-text"
          readOnly
          spellCheck={false}
          rows={Math.min(14, loaded.text.split('\n').length + 1)}
          value={loaded.text}
          onFocus={(event) => event.currentTarget.select()}
        />
      )}
      {copied === 'select' && (
        <p className="export-host__note" role="status">
          The clipboard is not available here: the text is selected, copy it with Ctrl+C.
        </p>
      )}
      {copied === 'yes' && (
        <p className="visually-hidden" role="status">
          Copied to the clipboard.
        </p>
      )}
    </Dialog>
  );
}
