import { FileInput } from 'lucide-react';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { AppErrorData } from '../../shared/errors';
import type { ImportResult, ImportSourceKind } from '../../shared/model/host-import';
import type { VaultState } from '../app/hooks/use-app-status';
import { useClient } from '../app/hooks/client-context';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';
import { ErrorHintLine } from '../ui/error-hint';
import { Segmented } from '../ui/segmented';
import { VaultDialog } from '../vault/vault-dialog';
import { defaultChoice, type ImportRow, importedRows, importRows, readImportFile, resultText } from './import-choice';
import { ImportPasswords } from './import-passwords';
import { ImportPreviewList } from './import-preview-list';
import './import-dialog.css';

export interface ImportDialogProps {
  vault: VaultState | undefined;
  onVaultChange(vault: VaultState): void;
  /** Hosts were saved: the list is out of date. */
  onImported(): void;
  onClose(): void;
}

const SOURCES: { value: ImportSourceKind; label: string; accept?: string; about: string }[] = [
  {
    value: 'ssh-config',
    label: '~/.ssh/config',
    about: 'The Host entries of your ~/.ssh/config and the files it includes, as ssh reads them. Each jump host becomes a saved host of its own.',
  },
  {
    value: 'putty',
    label: 'PuTTY',
    accept: '.reg',
    about: 'A registry export (.reg) of PuTTY’s sessions: in the Registry Editor, export HKEY_CURRENT_USER\\Software\\SimonTatham\\PuTTY\\Sessions.',
  },
  { value: 'mobaxterm', label: 'MobaXterm', accept: '.mxtsessions,.ini', about: 'A sessions export (.mxtsessions) or MobaXterm.ini.' },
  { value: 'tabby', label: 'Tabby', accept: '.yaml,.yml', about: 'Tabby’s config.yaml (on Linux in ~/.config/tabby, on Windows in %APPDATA%\\tabby).' },
];

type Problem = Pick<AppErrorData, 'message'> & Partial<Pick<AppErrorData, 'code' | 'hint'>>;

/** Copies hosts from ~/.ssh/config or another client's file into saved hosts, after a preview of what changes. */
export function ImportDialog({ vault, onVaultChange, onImported, onClose }: ImportDialogProps) {
  const { api } = useClient();
  const fileId = useId();
  const [source, setSource] = useState<ImportSourceKind>('ssh-config');
  const [file, setFile] = useState<{ name: string; text: string } | undefined>(undefined);
  const [rows, setRows] = useState<ImportRow[] | undefined>(undefined);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [problem, setProblem] = useState<Problem | undefined>(undefined);
  const [savePasswords, setSavePasswords] = useState(true);
  const [isVaultOpen, setVaultOpen] = useState(false);
  const [isBusy, setBusy] = useState(false);
  const [result, setResult] = useState<ImportResult | undefined>(undefined);
  const latest = useRef(0);
  const about = SOURCES.find((entry) => entry.value === source)!;

  const loadPreview = useCallback(
    async (kind: ImportSourceKind, text: string | undefined) => {
      const call = ++latest.current;
      setRows(undefined);
      setProblem(undefined);
      if (kind !== 'ssh-config' && text === undefined) return;
      const answer = await api['hosts.importPreview']({ source: kind, text });
      if (call !== latest.current) return;
      if (!answer.ok) {
        setProblem(answer.error);
        return;
      }
      const next = importRows(answer.value);
      setRows(next);
      setChosen(defaultChoice(next));
    },
    [api],
  );
  useEffect(() => void loadPreview(source, file?.text), [loadPreview, source, file]);

  const chooseSource = (kind: ImportSourceKind): void => {
    setSource(kind);
    setFile(undefined);
  };
  const chooseFile = async (picked: File | undefined): Promise<void> => {
    if (picked === undefined) return;
    const read = await readImportFile(picked);
    if ('problem' in read) {
      setFile(undefined);
      setProblem({ message: read.problem });
      return;
    }
    setFile({ name: picked.name, text: read.text });
  };

  const toImport = rows === undefined ? [] : importedRows(rows, chosen);
  const withPassword = toImport.filter((row) => row.hasPassword);
  const isKeepingPasswords = savePasswords && withPassword.length > 0;
  const canImport = toImport.length > 0 && !isBusy && (!isKeepingPasswords || vault?.state === 'unlocked');

  const runImport = async (): Promise<void> => {
    if (!canImport) return;
    setBusy(true);
    setProblem(undefined);
    const keys = [...chosen].filter((key) => rows?.some((row) => row.key === key && row.action !== 'skip'));
    const answer = await api['hosts.import']({ source, text: file?.text, keys, savePasswords: isKeepingPasswords });
    setBusy(false);
    if (!answer.ok) {
      setProblem(answer.error);
      return;
    }
    setResult(answer.value);
    onImported();
  };

  if (result !== undefined) return <ImportDone result={result} onClose={onClose} />;
  return (
    <>
      <Dialog
        title="Import hosts"
        subtitle="Copy hosts into your saved hosts. Nothing is saved until you press Import."
        icon={FileInput}
        width="l"
        onClose={onClose}
        testId="import-dialog"
        footer={
          <>
            <Button onClick={onClose}>Cancel</Button>
            <Button variant="primary" disabled={!canImport} onClick={() => void runImport()}>
              {toImport.length > 0 ? `Import ${toImport.length} ${toImport.length === 1 ? 'host' : 'hosts'}` : 'Import'}
            </Button>
          </>
        }
      >
        <Segmented label="Import from" options={SOURCES} value={source} onChange={chooseSource} />
        <p className="import-dialog__about">{about.about}</p>
        {about.accept !== undefined && (
          <div className="import-dialog__file">
            <label htmlFor={fileId} className="control-row__label">
              File
            </label>
            <input
              key={source}
              id={fileId}
              type="file"
              accept={about.accept}
              aria-label={`${about.label} file`}
              onChange={(event) => void chooseFile(event.target.files?.[0])}
            />
          </div>
        )}
        {problem !== undefined && (
          <p className="import-dialog__error" role="alert">
            {problem.message} {problem.code !== undefined && <span className="import-dialog__code mono">{problem.code}</span>}
            <ErrorHintLine hint={problem.hint} actions={{ 'unlock-vault': { label: 'Unlock…', run: () => setVaultOpen(true) } }} />
          </p>
        )}
        {rows !== undefined && rows.length === 0 && (
          <p className="import-dialog__empty">{source === 'ssh-config' ? 'Your ~/.ssh/config names no host.' : 'The file holds no host.'}</p>
        )}
        {rows !== undefined && rows.length > 0 && <ImportPreviewList rows={rows} chosen={chosen} onChange={setChosen} />}
        {withPassword.length > 0 && (
          <ImportPasswords count={withPassword.length} isOn={savePasswords} onChange={setSavePasswords} vault={vault} onOpenVault={() => setVaultOpen(true)} />
        )}
      </Dialog>
      {isVaultOpen && vault !== undefined && <VaultDialog vault={vault} onChange={onVaultChange} onClose={() => setVaultOpen(false)} />}
    </>
  );
}

function ImportDone({ result, onClose }: { result: ImportResult; onClose(): void }) {
  const saved = result.actions.filter((action) => action.action === 'create' || action.action === 'update');
  return (
    <Dialog title="Hosts imported" subtitle={resultText(result.actions)} icon={FileInput} width="m" onClose={onClose} doneLabel="Done" testId="import-done">
      <ul className="import-done">
        {saved.map((action) => (
          <li key={action.key}>
            <span className="import-done__name">{action.name}</span>{' '}
            <span className="import-done__action">{action.action === 'create' ? 'added' : 'updated'}</span>
          </li>
        ))}
      </ul>
    </Dialog>
  );
}
