import { KeySquare, Plus, RefreshCw } from 'lucide-react';
import { useCallback, useEffect, useState } from 'react';
import type { AgentStatus } from '../../shared/model';
import { useClient } from '../app/hooks/client-context';
import type { PageProps } from '../pages/pages';
import { Button, IconButton } from '../ui/button';
import { Dialog } from '../ui/dialog';
import { TextField } from '../ui/text-field';
import { TrustTable } from './trust-table';
import './trust-pages.css';

/** Whether an SSH agent is reachable, the keys it holds, and adding a key file of ~/.ssh to it. */
export function AgentPage({ isVisible, onError, onNotice }: PageProps) {
  const { api } = useClient();
  const [status, setStatus] = useState<AgentStatus | undefined>(undefined);
  const [isAdding, setAdding] = useState(false);

  const load = useCallback(async () => {
    const result = await api['agent.status']({});
    if (result.ok) setStatus(result.value);
    else onError(result.error.message, result.error.code, result.error.hint);
  }, [api, onError]);

  useEffect(() => {
    if (isVisible) void load();
  }, [isVisible, load]);

  return (
    <>
      <header className="page__header">
        <KeySquare size={18} aria-hidden="true" />
        <h1>Agent</h1>
        <div className="page__actions">
          <IconButton icon={RefreshCw} label="Ask the agent again" onClick={() => void load()} />
          <Button variant="primary" icon={Plus} disabled={status?.isReachable !== true} onClick={() => setAdding(true)}>
            Add a key…
          </Button>
        </div>
      </header>
      <div className="page__body">
        {status !== undefined && (
          <p className={`trust-status ${status.isReachable ? 'trust-status--ok' : 'trust-status--warning'}`} data-testid="agent-status">
            {status.isReachable ? (
              <>
                Agent reachable at <span className="mono">{status.socket}</span> (
                {status.source === 'SSH_AUTH_SOCK' ? 'from SSH_AUTH_SOCK' : 'found in ~/.ssh/agent'}).
              </>
            ) : (
              status.problem
            )}
          </p>
        )}
        {status?.isReachable === true &&
          (status.keys.length === 0 ? (
            <p className="trust-empty">The agent holds no keys.</p>
          ) : (
            <TrustTable columns={['Type', 'Bits', 'Fingerprint', 'Comment']} testId="agent-keys">
              {status.keys.map((key) => (
                <tr key={key.fingerprint} data-testid="agent-key">
                  <td className="mono">{key.type}</td>
                  <td>{key.bits}</td>
                  <td className="mono trust-cell--wrap">{key.fingerprint}</td>
                  <td className="trust-cell--wrap">{key.comment}</td>
                </tr>
              ))}
            </TrustTable>
          ))}
      </div>
      {isAdding && status !== undefined && (
        <AddKeyDialog
          keyFiles={status.keyFiles}
          onAdded={(comment) => {
            setAdding(false);
            onNotice(`Added ${comment} to the agent.`);
            void load();
          }}
          onClose={() => setAdding(false)}
        />
      )}
    </>
  );
}

/** The key file and its passphrase; the passphrase lives only in this dialog until it goes to main. */
function AddKeyDialog({ keyFiles, onAdded, onClose }: { keyFiles: string[]; onAdded(comment: string): void; onClose(): void }) {
  const { api } = useClient();
  const [keyFile, setKeyFile] = useState(keyFiles[0] ?? '~/.ssh/id_ed25519');
  const [passphrase, setPassphrase] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const [isBusy, setBusy] = useState(false);
  const submit = async (): Promise<void> => {
    if (isBusy) return;
    setBusy(true);
    const result = await api['agent.add']({ keyFile, ...(passphrase !== '' ? { passphrase } : {}) });
    setBusy(false);
    if (result.ok) onAdded(result.value.comment);
    else setError(result.error.message);
  };
  return (
    <Dialog
      title="Add a key to the agent"
      subtitle="A private key file of ~/.ssh"
      icon={KeySquare}
      width="s"
      onClose={onClose}
      onSubmit={() => void submit()}
      testId="agent-add"
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" disabled={isBusy}>
            Add
          </Button>
        </>
      }
    >
      {error !== undefined && (
        <p className="trust-error" role="alert">
          {error}
        </p>
      )}
      <TextField
        label="Key file"
        value={keyFile}
        isMono
        list="agent-key-files"
        onChange={(event) => setKeyFile(event.target.value)}
        hint={keyFiles.length > 0 ? `Private keys here: ${keyFiles.join(', ')}` : 'No private key file was found in ~/.ssh.'}
      />
      <datalist id="agent-key-files">
        {keyFiles.map((file) => (
          <option key={file} value={file} />
        ))}
      </datalist>
      <TextField
        label="Passphrase"
        type="password"
        value={passphrase}
        onChange={(event) => setPassphrase(event.target.value)}
        data-autofocus
        hint="Leave empty for a key without one."
      />
    </Dialog>
  );
}
