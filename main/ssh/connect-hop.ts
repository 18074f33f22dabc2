import type { Duplex } from 'node:stream';
import ssh2 from 'ssh2';
import { sanitizeUntrusted } from '../../shared/base/untrusted-text';
import { AppError, toAppError } from '../../shared/errors';
import { type HopSpec, hopLabel } from '../../shared/model';
import type { PromptBroker } from '../prompts/prompt-broker';
import { chooseAlgorithms, isTerrapinExposed } from './algorithms';
import { Authenticator } from './authenticator';
import { ConnectDeadline } from './connect-deadline';
import type { ConnectObserver, ConnectStep } from './connect-observer';
import { closedEarly, connectCancelled, handshakeError, timeoutError } from './handshake-errors';
import { HostKeyVerifier } from './host-key-verifier';
import { hostKeyNameOf, type KnownHosts } from './known-hosts';
import { SshConnection } from './ssh-connection';
import { setNoDelay } from './transport';
import { TransportProbe } from './transport-probe';

export interface ConnectHopParams {
  spec: HopSpec;
  /** Opens the byte stream to the hop: TCP, a proxy, a ProxyCommand, or the previous hop's channel. */
  openTransport: (signal: AbortSignal) => Promise<Duplex>;
  firstStep: ConnectStep;
  knownHosts: KnownHosts;
  broker: PromptBroker;
  observer?: ConnectObserver;
  debug?: (line: string) => void;
  /** Aborting gives up the attempt: sockets close and an open question is withdrawn. */
  signal?: AbortSignal;
}

const IDENT = 'Jumpgate_0.1';

/**
 * Connects and authenticates one hop: transport → banner → key exchange → host key → auth.
 * Each step is reported; each failure becomes a coded error naming the hop. The ConnectTimeout
 * budget pauses while a prompt is open.
 */
export function connectHop(params: ConnectHopParams): Promise<SshConnection> {
  const { spec, broker, observer } = params;
  const hop = hopLabel(spec);
  const startedAt = Date.now();
  let step: ConnectStep = params.firstStep;
  const progress = (next: ConnectStep) => {
    step = next;
    observer?.onProgress?.({ hop, step: next, elapsedMs: Date.now() - startedAt });
  };
  const notice = (kind: 'banner' | 'warning' | 'info', text: string, isUntrusted = false) => observer?.onNotice?.({ hop, kind, text, isUntrusted });

  return new Promise((resolve, reject) => {
    const abort = new AbortController();
    let isSettled = false;
    let client: ssh2.Client | undefined;
    let transport: Duplex | undefined;
    let probe: TransportProbe | undefined;
    const deadline = new ConnectDeadline(spec.connectTimeoutMs, () => fail(timeoutError(step, hop, probe, spec.connectTimeoutMs)));
    const busy = broker.onDidChangeBusy((isBusy) => (isBusy ? deadline.pause() : deadline.resume()));
    const onCancel = (): void => fail(connectCancelled(hop));
    params.signal?.addEventListener('abort', onCancel, { once: true });
    // Questions of this attempt are withdrawn when it fails for any reason (timeout, cancel, a drop).
    const prompter = broker.scoped(abort.signal);
    const finish = () => {
      isSettled = true;
      deadline.dispose();
      busy.dispose();
      probe?.dispose();
      params.signal?.removeEventListener('abort', onCancel);
    };
    function fail(error: AppError): void {
      if (isSettled) return;
      finish();
      abort.abort(error);
      client?.removeAllListeners('close');
      client?.end();
      transport?.destroy();
      reject(error.onHop(hop));
    }

    let knownTypes: string[] = [];
    if (params.signal?.aborted) return onCancel();
    progress(params.firstStep);
    // Known key types decide the host key algorithm order; look them up before any byte flows.
    const filedAs = hostKeyNameOf(spec);
    params.knownHosts
      .knownKeyTypes(filedAs.host, filedAs.port)
      .then((types) => {
        knownTypes = types;
        return params.openTransport(abort.signal);
      })
      .then(
      (stream) => {
        if (isSettled) {
          stream.destroy();
          return;
        }
        transport = stream;
        setNoDelay(stream);
        startSsh(stream);
      },
      (error: unknown) => fail(toAppError(error, hop)),
    );

    function startSsh(stream: Duplex): void {
      progress('banner');
      probe = new TransportProbe(stream, () => progress('kex'));
      const verifier = new HostKeyVerifier(spec, hop, params.knownHosts, prompter, (n) => notice(n.kind, n.text));
      const authenticator = new Authenticator(spec, hop, prompter, () => progress('auth'), () => verifier.acceptedKey);
      const ssh = (client = new ssh2.Client());
      let hasCheckedTerrapin = false;
      let negotiatedFirst: ssh2.NegotiatedAlgorithms | undefined;

      ssh.on('banner', (message: string) => notice('banner', message, true));
      ssh.on('handshake', (negotiated) => {
        if (hasCheckedTerrapin) return;
        hasCheckedTerrapin = true;
        negotiatedFirst = negotiated;
        const isStrict = probe?.kexInit?.isStrictKex ?? false;
        if (isStrict || !isTerrapinExposed(negotiated.sc.cipher, negotiated.sc.mac)) return;
        const text = `${hop} does not offer strict key exchange and the negotiated cipher (${negotiated.sc.cipher}) is exposed to the Terrapin attack (CVE-2023-48795). Update the server's OpenSSH.`;
        if (spec.terrapin === 'fatal') fail(new AppError('TERRAPIN_VULNERABLE', `${text} The connection was refused by your JumpgateTerrapin=fatal setting.`, { hop }));
        else notice('warning', text);
      });
      ssh.on('ready', () => {
        if (isSettled) return;
        progress('ready');
        finish();
        ssh.removeAllListeners('error');
        resolve(new SshConnection(ssh, spec, stream, negotiatedFirst));
      });
      ssh.on('error', (error: Error & { level?: string }) => {
        if (error.level === 'agent') {
          notice('warning', 'The SSH agent could not be used; trying other keys.');
          return;
        }
        if (verifier.failure) return fail(verifier.failure);
        // The transport's own coded failure (a ProxyCommand that exited), passed through by ssh2.
        if (error instanceof AppError) return fail(error);
        if (error.level === 'client-authentication') {
          if (/All configured authentication methods failed/.test(error.message)) fail(authenticator.failure());
          return;
        }
        // Before the server's identification line, any failure is about the peer, not the protocol.
        if (error.level === 'client-socket' || probe?.identification === undefined) return fail(closedEarly(hop, probe!));
        // The server sent a disconnect message: its words are untrusted, shown as such.
        if (typeof (error as { code?: unknown }).code === 'number' && error.level === undefined) {
          const said = `The server said: "${sanitizeUntrusted(error.message).slice(0, 300)}"`;
          if (step === 'auth') {
            const failure = authenticator.failure();
            return fail(new AppError(failure.code, `${failure.message} ${said}`, { hop, details: failure.details }));
          }
          return fail(new AppError('CONNECTION_LOST', `${hop} ended the connection during the handshake. ${said}`, { hop }));
        }
        fail(handshakeError(error, { hop, probe: probe! }));
      });
      ssh.on('close', () => fail(verifier.failure ?? closedEarly(hop, probe!)));

      const verify = (key: Buffer, callback: (isAccepted: boolean) => void) => {
        if (!verifier.acceptedKey) progress('host-key');
        return verifier.verify(key, callback);
      };
      ssh.connect({
        sock: stream,
        username: spec.user,
        ident: IDENT,
        readyTimeout: 0,
        algorithms: chooseAlgorithms({ legacy: spec.legacyAlgorithms, knownHostKeyTypes: knownTypes, ciphers: spec.ciphers }),
        hostVerifier: verify as unknown as ssh2.HostVerifier,
        authHandler: authenticator.handle as unknown as ssh2.AuthHandlerMiddleware,
        keepaliveInterval: spec.serverAliveInterval * 1000,
        keepaliveCountMax: spec.serverAliveCountMax,
        ...(spec.agentSocket ? { agent: spec.agentSocket, agentForward: spec.forwardAgent } : {}),
        ...(params.debug ? { debug: params.debug } : {}),
      });
    }
  });
}
