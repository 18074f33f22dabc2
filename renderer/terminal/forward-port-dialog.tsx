import { Cable } from 'lucide-react';
import { useState } from 'react';
import type { PaneForward } from '../../shared/model/pane-forward';
import type { SessionId } from '../../shared/ipc';
import { useClient } from '../app/hooks/client-context';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';
import { TextField } from '../ui/text-field';
import { parsePortField } from './port-field';

/** "Forward a port…": a -L on this pane's connection, to a port on the server (or one it reaches). */
export function ForwardPortDialog({ sessionId, onOpened, onClose }: { sessionId: SessionId; onOpened(forward: PaneForward): void; onClose(): void }) {
  const { api } = useClient();
  const [remoteHost, setRemoteHost] = useState('localhost');
  const [remotePort, setRemotePort] = useState('');
  const [localPort, setLocalPort] = useState('');
  const [errors, setErrors] = useState<{ remote?: string; local?: string; host?: string; other?: string }>({});
  const [isBusy, setBusy] = useState(false);

  const submit = async (): Promise<void> => {
    const remote = parsePortField(remotePort);
    const local = parsePortField(localPort);
    const found = {
      ...(remote === undefined || Number.isNaN(remote) ? { remote: 'A port from 1 to 65535.' } : {}),
      ...(local !== undefined && Number.isNaN(local) ? { local: 'A port from 1 to 65535, or empty.' } : {}),
      ...(/^[A-Za-z0-9._:%-]+$/.test(remoteHost.trim()) ? {} : { host: 'A host name or address, as the server knows it.' }),
    };
    setErrors(found);
    if (Object.keys(found).length > 0 || remote === undefined) return;
    setBusy(true);
    const result = await api['terminal.forwards.open']({
      sessionId,
      remoteHost: remoteHost.trim(),
      remotePort: remote,
      ...(local !== undefined ? { localPort: local } : {}),
    });
    setBusy(false);
    if (!result.ok) return setErrors({ [result.error.code === 'FORWARD_PORT_IN_USE' ? 'local' : 'other']: result.error.message });
    onOpened(result.value);
  };

  return (
    <Dialog
      title="Forward a port"
      subtitle="Listens on this computer and carries each connection over this terminal's connection."
      icon={Cable}
      width="s"
      onClose={onClose}
      onSubmit={() => void submit()}
      testId="forward-port-dialog"
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" type="submit" disabled={isBusy}>
            Forward
          </Button>
        </>
      }
    >
      <TextField
        label="Port on the server"
        isMono
        inputMode="numeric"
        placeholder="8080"
        value={remotePort}
        data-autofocus
        error={errors.remote}
        onChange={(event) => setRemotePort(event.target.value)}
      />
      <TextField label="Host, as the server reaches it" isMono value={remoteHost} error={errors.host} onChange={(event) => setRemoteHost(event.target.value)} />
      <TextField
        label="Port on this computer"
        hint="Empty: the same port if it is free here, otherwise any free one."
        isMono
        inputMode="numeric"
        placeholder="same"
        value={localPort}
        error={errors.local}
        onChange={(event) => setLocalPort(event.target.value)}
      />
      {errors.other !== undefined && (
        <p className="field__error" role="alert">
          {errors.other}
        </p>
      )}
    </Dialog>
  );
}
