import { Info, ShieldCheck, TriangleAlert } from 'lucide-react';
import { Dialog } from '../../ui/dialog';
import { Logo } from './logo';
import type { AppInfoData } from '../hooks/use-app-status';
import './about-dialog.css';

/** Version, transport, runtime versions, whether ssh2's native crypto loaded, where data lives. */
export function AboutDialog({ info, onClose }: { info: AppInfoData | undefined; onClose(): void }) {
  return (
    <Dialog title="About Jumpgate" subtitle="Diagnostics to quote in a bug report." icon={Info} onClose={onClose} testId="about-dialog" doneLabel="Close">
      {info === undefined ? (
        <p>Asking the app…</p>
      ) : (
        <>
          <div className="about__hero">
            <Logo size={40} />
            <div>
              <p className="about__name">Jumpgate</p>
              <p className="about__version mono">v{info.version}</p>
            </div>
          </div>
          <p className={`about__crypto about__crypto--${info.nativeCrypto ? 'ok' : 'missing'}`} data-testid="native-crypto">
            {info.nativeCrypto ? <ShieldCheck size={16} aria-hidden="true" /> : <TriangleAlert size={16} aria-hidden="true" />}
            {info.nativeCrypto
              ? 'Native crypto loaded: ciphers run at full speed.'
              : 'Native crypto did not load: ciphers fall back to JavaScript and transfers are 15–50 % slower.'}
          </p>
          <dl className="about__facts">
            <dt>Transport</dt>
            <dd>{info.transport === 'electron' ? 'Electron IPC' : 'Browser bridge (WebSocket on loopback)'}</dd>
            <dt>Platform</dt>
            <dd className="mono">{info.platform}</dd>
            <dt>Node</dt>
            <dd className="mono">{info.versions.node}</dd>
            {info.versions.electron !== undefined && (
              <>
                <dt>Electron</dt>
                <dd className="mono">{info.versions.electron}</dd>
              </>
            )}
            {info.versions.chrome !== undefined && (
              <>
                <dt>Chromium</dt>
                <dd className="mono">{info.versions.chrome}</dd>
              </>
            )}
            <dt>Data</dt>
            <dd className="mono about__path">{info.dataDir}</dd>
          </dl>
        </>
      )}
    </Dialog>
  );
}
