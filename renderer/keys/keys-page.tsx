import { Copy, KeyRound, Lock, Plus, RectangleEllipsis, RefreshCw, Upload } from 'lucide-react';
import { useCallback, useMemo, useState } from 'react';
import type { KeyFileInfo, KeyListing } from '../../shared/model/ssh-keys';
import { useClient, useOnLinkOpen } from '../app/hooks/client-context';
import type { PageProps } from '../pages/pages';
import { Button, IconButton } from '../ui/button';
import { GenerateKeyDialog } from './generate-key-dialog';
import { InstallKeyDialog } from './install-key-dialog';
import { PassphraseDialog } from './passphrase-dialog';
import './keys.css';

type OpenDialog = { kind: 'generate' } | { kind: 'passphrase'; key: KeyFileInfo } | { kind: 'install'; key: KeyFileInfo } | undefined;

/** The key files in ~/.ssh: what each is, which hosts use it; generate, copy, change the passphrase, install on a host. */
export function KeysPage({ profiles, reloadProfiles, onEditHost, onError, onNotice }: PageProps) {
  const { api } = useClient();
  const [listing, setListing] = useState<KeyListing | undefined>(undefined);
  const [dialog, setDialog] = useState<OpenDialog>(undefined);

  const reload = useCallback(() => {
    void api['keys.list']({}).then((result) => {
      if (result.ok) setListing(result.value);
      else onError(result.error.message, result.error.code, result.error.hint);
    });
  }, [api, onError]);
  useOnLinkOpen(reload);

  const taken = useMemo(() => new Set(listing?.keys.flatMap((key) => [key.name, `${key.name}.pub`]) ?? []), [listing]);
  const close = () => setDialog(undefined);

  const copy = (key: KeyFileInfo): void => {
    const clipboard = navigator.clipboard as Clipboard | undefined;
    if (clipboard === undefined) {
      onNotice('The clipboard cannot be used here; the public key is in the .pub file beside the key.', 'warning');
      return;
    }
    clipboard.writeText(`${key.publicKey}\n`).then(
      () => onNotice(`Copied the public key of ${key.name}.`),
      () => onNotice('The clipboard refused the public key; it is in the .pub file beside the key.', 'warning'),
    );
  };

  return (
    <>
      <header className="page__header">
        <KeyRound size={18} aria-hidden="true" />
        <h1>Keys</h1>
        {listing !== undefined && <span className="keys__dir mono">{listing.sshDir}</span>}
        <div className="page__actions">
          <Button icon={RefreshCw} onClick={reload}>
            Refresh
          </Button>
          <Button variant="primary" icon={Plus} onClick={() => setDialog({ kind: 'generate' })} disabled={listing === undefined}>
            Generate…
          </Button>
        </div>
      </header>
      <div className="page__body">
        {listing !== undefined && listing.keys.length === 0 && (
          <p className="keys__note">There are no keys in {listing.sshDir} yet. Generate one to sign in without passwords.</p>
        )}
        {listing !== undefined && listing.keys.length > 0 && (
          <table className="keys-table" aria-label="Keys">
            <thead>
              <tr>
                <th>Name</th>
                <th>Type</th>
                <th>Fingerprint</th>
                <th>Comment</th>
                <th>Used by</th>
                <th aria-label="Actions" />
              </tr>
            </thead>
            <tbody>
              {listing.keys.map((key) => (
                <tr key={key.name} data-key={key.name}>
                  <td className="keys-table__name">
                    <span className="mono">{key.name}</span>
                    {key.isEncrypted === true && <Lock size={13} className="keys-table__lock" aria-label="Has a passphrase" role="img" />}
                    {key.privatePath === undefined && <span className="keys-table__tag">public only</span>}
                  </td>
                  <td>
                    {key.type}
                    {key.bits !== undefined && <span className="keys-table__bits"> {key.bits}</span>}
                  </td>
                  <td className="mono keys-table__fingerprint" title={key.fingerprint}>
                    {key.fingerprint}
                  </td>
                  <td className="keys-table__comment" title={key.comment}>
                    {key.comment}
                  </td>
                  <td>
                    {key.usedBy.map((user) => {
                      const profile = profiles?.find((candidate) => candidate.id === user.id);
                      return (
                        <button
                          key={user.id}
                          type="button"
                          className="link-button keys-table__host"
                          disabled={profile === undefined}
                          onClick={() => profile && onEditHost(profile)}
                        >
                          {user.name}
                        </button>
                      );
                    })}
                  </td>
                  <td className="keys-table__actions">
                    <IconButton icon={Copy} label={`Copy the public key of ${key.name}`} onClick={() => copy(key)} />
                    {key.canChangePassphrase && (
                      <IconButton
                        icon={RectangleEllipsis}
                        label={`Change the passphrase of ${key.name}…`}
                        onClick={() => setDialog({ kind: 'passphrase', key })}
                      />
                    )}
                    <IconButton icon={Upload} label={`Install ${key.name} on a host…`} onClick={() => setDialog({ kind: 'install', key })} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      {dialog?.kind === 'generate' && listing !== undefined && (
        <GenerateKeyDialog
          taken={taken}
          defaultComment={listing.defaultComment}
          onClose={close}
          onDone={(key) => {
            close();
            onNotice(`Generated ${key.name} (${key.type} ${key.bits ?? ''}, ${key.fingerprint}).`);
            reload();
          }}
        />
      )}
      {dialog?.kind === 'passphrase' && (
        <PassphraseDialog
          keyFile={dialog.key}
          onClose={close}
          onDone={(key) => {
            close();
            onNotice(key.isEncrypted === true ? `Changed the passphrase of ${key.name}.` : `${key.name} has no passphrase now.`);
            reload();
          }}
        />
      )}
      {dialog?.kind === 'install' && (
        <InstallKeyDialog
          keyFile={dialog.key}
          profiles={profiles ?? []}
          onClose={close}
          onUsed={(profile) => {
            close();
            onNotice(`${profile.name} signs in with ${dialog.key.name} now.`);
            reloadProfiles();
            reload();
          }}
        />
      )}
    </>
  );
}
