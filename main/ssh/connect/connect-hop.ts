import type { Duplex } from 'node:stream';
import ssh2 from 'ssh2';
import { sanitizeUntrusted } from '../../../shared/base/untrusted-text';
import { AppError, toAppError } from '../../../shared/errors';
import { type HopSpec, hopLabel } from '../../../shared/model';
import type { PromptBroker } from '../../prompts/prompt-broker';
import { chooseAlgorithms, isTerrapinExposed, terrapinWarning } from './algorithms';
import { Authenticator } from '../auth/authenticator';
import { ConnectDeadline } from './connect-deadline';
import type { ConnectObserver, ConnectStep } from './connect-observer';
import { closedEarly, connectCancelled, handshakeError, timeoutError } from './handshake-errors';
import { HostKeyVerifier } from '../host-keys/host-key-verifier';
import { hostKeyNameOf, type KnownHosts } from '../host-keys/known-hosts';
import { runAsConnection } from './connection-scope';
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
  /** The hop whose channel `openTransport` opens, if any: the new connection closes with it. */
  via?: SshConnection;
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

  // A fault nobody caught in this hop's code fails the attempt, or later the connection, not the process.
  let onFault = (_error: AppError): void => {};
  const owner = { hop, fail: (error: AppError) => onFault(error) };
  return new Promise((resolve, reject) =>
    runAsConnection(owner, () => {
      const abort = new AbortController();
      let isSettled = false;
      /**
       * Set once the attempt has failed. By then ssh2 may have torn its protocol down (the transport
       * ended, a fatal error), and answering one of its callbacks later throws inside ssh2
       * (`protocol._destruct is not a function`), where nothing can catch it.
       */
      let hasFailed = false;
      let client: ssh2.Client | undefined;
      let transport: Duplex | undefined;
      let probe: TransportProbe | undefined;
      const deadline = new ConnectDeadline(spec.connectTimeoutMs, () => fail(timeoutError(step, hop, probe, spec.connectTimeoutMs)));
      const busy = broker.onDidChangeBusy((isBusy) => (isBusy ? deadline.pause() : deadline.resume()));
      const onCancel = (): void => fail(connectCancelled(hop));
      onFault = (error) => fail(error);
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
        hasFailed = true;
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

      /** An answer to ssh2 (a host key decision, the next auth method) that arrives after the attempt failed goes nowhere. */
      function whileAttempting<A extends unknown[]>(callback: (...args: A) => void): (...args: A) => void {
        return (...args) => {
          if (hasFailed) return;
          try {
            callback(...args);
          } catch (error) {
            fail(
              new AppError('INTERNAL', `The SSH library failed while connecting to ${hop}.`, { hop, hint: { kind: 'retry-with-diagnostics' }, cause: error }),
            );
          }
        };
      }

      function startSsh(stream: Duplex): void {
        progress('banner');
        probe = new TransportProbe(stream, () => progress('kex'));
        const verifier = new HostKeyVerifier(spec, hop, params.knownHosts, prompter, (n) => notice(n.kind, n.text));
        const authenticator = new Authenticator(
          spec,
          hop,
          prompter,
          () => progress('auth'),
          () => verifier.acceptedKey,
        );
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
          const text = terrapinWarning(hop, negotiated.sc.cipher, probe?.identification);
          if (spec.terrapin === 'fatal')
            fail(new AppError('TERRAPIN_VULNERABLE', `${text} The connection was refused by your JumpgateTerrapin=fatal setting.`, { hop }));
          else notice('warning', text);
        });
        ssh.on('ready', () => {
          if (isSettled) return;
          progress('ready');
          finish();
          ssh.removeAllListeners('error');
          const connection = new SshConnection(ssh, spec, stream, negotiatedFirst, { via: params.via, hostKeyFailure: () => verifier.failure });
          onFault = (error) => connection.failWith(error);
          resolve(connection);
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
              return fail(new AppError(failure.code, `${failure.message} ${said}`, { hop, details: failure.details, hint: failure.hint }));
            }
            return fail(new AppError('CONNECTION_LOST', `${hop} ended the connection during the handshake. ${said}`, { hop }));
          }
          fail(handshakeError(error, { hop, probe: probe! }));
        });
        // ssh2 ends its protocol when the transport's read side ends; a jump channel may never close after that.
        ssh.on('end', () => fail(verifier.failure ?? closedEarly(hop, probe!)));
        ssh.on('close', () => fail(verifier.failure ?? closedEarly(hop, probe!)));

        const verify = (key: Buffer, callback: (isAccepted: boolean) => void) => {
          if (!verifier.acceptedKey) progress('host-key');
          return verifier.verify(key, whileAttempting(callback));
        };
        ssh.connect({
          sock: stream,
          username: spec.user,
          ident: IDENT,
          readyTimeout: 0,
          algorithms: chooseAlgorithms({ legacy: spec.legacyAlgorithms, knownHostKeyTypes: knownTypes, ciphers: spec.ciphers }),
          hostVerifier: verify as unknown as ssh2.HostVerifier,
          authHandler: ((methodsLeft, partial, callback) =>
            authenticator.handle(methodsLeft, partial, whileAttempting(callback))) as ssh2.AuthHandlerMiddleware,
          keepaliveInterval: spec.serverAliveInterval * 1000,
          keepaliveCountMax: spec.serverAliveCountMax,
          ...(spec.agentSocket ? { agent: spec.agentSocket, agentForward: spec.forwardAgent } : {}),
          ...(params.debug ? { debug: params.debug } : {}),
        });
      }
    }),
  );
}
