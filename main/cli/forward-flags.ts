import { type ForwardKind, type ForwardSpec, hostText } from '../../shared/model/forward-spec';

const FLAG: Record<ForwardKind, string> = { local: '-L', remote: '-R', dynamic: '-D' };

/** The forward as it is typed on the command line: `-L 127.0.0.1:8080:db:5432`. */
export function formatForward(spec: ForwardSpec): string {
  const bind = spec.bindAddress === undefined ? '' : `${spec.bindAddress === '' ? '*' : hostText(spec.bindAddress)}:`;
  const listen = spec.kind === 'local' && spec.bindSocket !== undefined ? spec.bindSocket : `${bind}${spec.bindPort}`;
  if (spec.kind === 'dynamic' || spec.target === undefined) return `${FLAG[spec.kind]} ${listen}`;
  const target = 'socketPath' in spec.target ? spec.target.socketPath : `${hostText(spec.target.host)}:${spec.target.port}`;
  return `${FLAG[spec.kind]} ${listen}:${target}`;
}
