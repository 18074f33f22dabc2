import { Fingerprint } from 'lucide-react';
import type { HostKeyDecision, PromptRequest } from '../../shared/model';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';

type HostKeyRequest = Extract<PromptRequest, { kind: 'host-key' }>;

/** An unknown host key: the person compares the fingerprint, then accepts once, saves, or cancels. */
export function HostKeyPrompt({ request, onAnswer }: { request: HostKeyRequest; onAnswer(decision: HostKeyDecision): void }) {
  const where = request.port === 22 ? request.host : `[${request.host}]:${request.port}`;
  return (
    <Dialog
      title="Unknown host key"
      subtitle={
        <>
          Jumpgate has never seen <span className="mono">{where}</span> before.
        </>
      }
      icon={Fingerprint}
      tone="warning"
      onClose={() => onAnswer('reject')}
      testId="prompt-host-key"
      footer={
        <>
          {/* Focus starts on Cancel: Enter pressed out of habit must not trust a key. */}
          <Button onClick={() => onAnswer('reject')} data-autofocus>
            Cancel
          </Button>
          <Button onClick={() => onAnswer('accept-once')}>Accept once</Button>
          <Button variant="primary" onClick={() => onAnswer('accept-save')}>
            Accept and save
          </Button>
        </>
      }
    >
      <p>Check that this fingerprint matches the one the server's administrator gave you before you accept it.</p>
      <dl className="prompt-facts">
        <dt>Host</dt>
        <dd className="mono">{where}</dd>
        <dt>Hop</dt>
        <dd className="mono">{request.hop}</dd>
        <dt>Key type</dt>
        <dd className="mono" data-testid="host-key-type">
          {request.keyType}
        </dd>
        <dt>Fingerprint</dt>
        <dd className="mono prompt-fingerprint" data-testid="host-key-fingerprint">
          {request.fingerprint}
        </dd>
      </dl>
      {request.knownTypes.length > 0 && (
        <p className="prompt-note">
          This host is already known with a different key type ({request.knownTypes.join(', ')}). A server can have several keys, but if you did not expect a
          new one, cancel.
        </p>
      )}
    </Dialog>
  );
}
