import { sanitizeUntrusted } from '../../shared/base/untrusted-text';
import { AppError } from '../../shared/errors';
import type { VerifyMode } from '../sftp/transfer/copy-file';
import type { FileSystem } from '../sftp/protocol/file-system';
import { chooseConnections } from '../sftp/transfer/segment-choice';
import { type SegmentSource, SegmentWorkers, type WorkerSlot } from '../sftp/transfer/segment-workers';
import { SftpSession } from '../sftp/protocol/sftp-session';
import { LocalFileSystem } from '../sftp/protocol/local-file-system';
import { TransferControl } from '../sftp/transfer/transfer-control';
import { type ConflictPolicy, runTransfer } from '../sftp/transfer/transfer-job';
import { type CliIo, formatError } from './cli-io';
import { CliSftpSessions } from './connect-from-args';
import { ProgressBar } from './progress-bar';
import { endpointOf, parseLocation } from './remote-path';
import { parseTransferArgs } from './transfer-args';

export const CP_USAGE =
  'jumpgate cp [-rpLqv] [--resume] [--unsafe-links] [--conflict=overwrite|skip|rename|newer] [--verify=sha256|size] [--connections=N|auto] [-P port] [-J hops] [-i identity] [-F config] [-o Key=Value] SRC... DST';
const CONFLICTS: ConflictPolicy[] = ['overwrite', 'skip', 'rename', 'newer'];

/**
 * `jumpgate cp`: scp's command line over the transfer engine. Either side (or both) may be
 * `[user@]host:path`. Exit 0 when everything was copied, 1 when anything failed.
 */
export async function runCpCommand(argv: string[], io: CliIo): Promise<number> {
  let sessions: CliSftpSessions | undefined;
  let booted: WorkerSlot[] | undefined;
  const control = new TransferControl();
  // Ctrl+C keeps what was copied under its temporary name, for --resume; a second one kills.
  const onSignal = () => control.interrupt();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const bar = new ProgressBar(io.stderr as NodeJS.WritableStream & { isTTY?: boolean });
  try {
    const args = parseTransferArgs(argv, {
      short: 'rpLR',
      long: ['resume', 'conflict', 'verify', 'follow-links', 'connections', 'unsafe-links'],
      usage: CP_USAGE,
    });
    if (args.positionals.length < 2) throw new AppError('INVALID_ARGUMENT', `cp needs a source and a destination. Usage: ${CP_USAGE}`);
    const conflict = (args.values.get('conflict') ?? 'overwrite') as ConflictPolicy;
    if (!CONFLICTS.includes(conflict)) throw new AppError('INVALID_ARGUMENT', `--conflict must be one of ${CONFLICTS.join(', ')}.`);
    const verify = (args.values.get('verify') ?? 'sha256') as VerifyMode;
    if (verify !== 'sha256' && verify !== 'size') throw new AppError('INVALID_ARGUMENT', '--verify must be sha256 or size.');

    const connectionsValue = args.values.get('connections') ?? 'auto';
    const connections = connectionsValue === 'auto' ? 'auto' : Number(connectionsValue);
    if (connections !== 'auto' && (!Number.isInteger(connections) || connections < 1 || connections > 8))
      throw new AppError('INVALID_ARGUMENT', '--connections must be auto or a number from 1 to 8.');
    const locations = args.positionals.map(parseLocation);
    const destination = locations.pop()!;
    const sourceEndpoints = new Set(locations.map(endpointOf));
    if (sourceEndpoints.size > 1)
      throw new AppError('INVALID_ARGUMENT', 'All sources must be on the same side (all local, or all on one host); run one cp per host.');
    const srcEndpoint = [...sourceEndpoints][0]!;
    const dstEndpoint = endpointOf(destination);
    const remoteEndpoint = srcEndpoint === 'local' ? dstEndpoint : dstEndpoint === 'local' ? srcEndpoint : undefined;
    // Worker threads load their code while the main connection is made.
    const slots = connections !== 'auto' && connections > 1 && remoteEndpoint !== undefined ? (booted = SegmentWorkers.boot(connections)) : undefined;
    sessions = new CliSftpSessions(args, io);
    const local = new LocalFileSystem();
    const open = (endpoint: string): Promise<FileSystem> => (endpoint === 'local' ? Promise.resolve(local) : sessions!.open(endpoint));
    const [src, dst] = await Promise.all([open(srcEndpoint), open(dstEndpoint)]);
    const say = (line: string) => args.verbosity > 0 && io.stderr.write(`jumpgate: debug1: ${line}\n`);
    const remote = [src, dst].find((side): side is SftpSession => side instanceof SftpSession);
    let segments: SegmentSource | undefined;
    if (slots && remoteEndpoint !== undefined) segments = workersOnDemand(() => sessions!.startWorkers(remoteEndpoint, slots), say);
    if (connections === 'auto' && remoteEndpoint !== undefined && remote) {
      segments = workersOnDemand(async () => {
        const count = await autoConnections(remote, remote === dst, say);
        return count > 1 ? sessions!.startWorkers(remoteEndpoint, (booted = SegmentWorkers.boot(count))) : undefined;
      }, say);
    }

    const result = await runTransfer(
      {
        src,
        srcPaths: locations.map((l) => l.path),
        dst,
        dstPath: destination.path,
        recursive: args.flags.has('r') || args.flags.has('R'),
        preserve: args.flags.has('p'),
        resume: args.flags.has('resume'),
        followLinks: args.flags.has('L') || args.flags.has('follow-links'),
        unsafeLinks: args.flags.has('unsafe-links'),
        conflict,
        verify,
        segments,
      },
      control,
      args.quiet ? undefined : (progress) => bar.update(progress),
    );
    bar.finish();
    for (const link of result.skippedLinks) {
      io.stderr.write(
        `jumpgate: skipped the link ${sanitizeUntrusted(link.path)} -> ${sanitizeUntrusted(link.target)}: it points outside the copy (--unsafe-links copies it as it is).\n`,
      );
    }
    for (const error of result.errors) io.stderr.write(`${formatError(error)}\n`);
    if (args.verbosity > 0)
      io.stderr.write(
        `jumpgate: debug1: copied ${result.filesCopied} file(s), ${result.bytes} bytes (${result.bytesResumed} of them kept from an earlier attempt); skipped ${result.filesSkipped}\n`,
      );
    return result.errors.length ? 1 : 0;
  } catch (error) {
    bar.finish();
    io.stderr.write(`${formatError(error)}\n`);
    if (AppError.is(error, 'CONNECTION_LOST') || AppError.is(error, 'KEEPALIVE_TIMEOUT'))
      io.stderr.write('jumpgate: run the same command with --resume to continue where it stopped.\n');
    // The error's hint (resume-copy) already said how to continue.
    if (AppError.is(error, 'SFTP_CANCELLED') && error.details?.keepsPartial) return 130;
    return 1;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    sessions?.dispose();
    // Threads that were never connected (no file was large enough) end here too.
    if (booted) SegmentWorkers.close(booted);
  }
}

/**
 * --connections=auto: more connections only where one stream is held back by its window over a
 * long round trip (see segment-choice.ts), measured when the first large file needs it.
 */
async function autoConnections(remote: SftpSession, isUpload: boolean, say: (line: string) => void): Promise<number> {
  const { roundTripMs, windowBytes, perStream, count } = await chooseConnections(remote, isUpload ? 'upload' : 'download');
  const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);
  // Dropbear's window is 24 KiB: in MiB it would read as none.
  const window = windowBytes < 1024 * 1024 ? `${(windowBytes / 1024).toFixed(0)} KiB` : `${mib(windowBytes)} MiB`;
  say(
    `round trip ${roundTripMs.toFixed(1)} ms, ${window} window: one stream carries up to ${mib(perStream)} MiB/s; ${count === 1 ? 'one connection' : `${count} connections`}`,
  );
  return count;
}

/**
 * Starts the transfer workers when the first large file needs them (a tree of small files never
 * does). If they cannot connect, the copy goes on over the main connection; a worker that saw
 * another host key ends the copy.
 */
function workersOnDemand(start: () => Promise<SegmentWorkers | undefined>, say: (line: string) => void): SegmentSource {
  let started: Promise<SegmentWorkers | undefined> | undefined;
  return () =>
    (started ??= start().then(
      (workers) => {
        if (workers) say(`${workers.count} transfer workers connected to ${workers.remote.where}, each on its own connection`);
        return workers;
      },
      (error: unknown) => {
        if (AppError.is(error, 'HOST_KEY_CHANGED')) throw error;
        say(`extra connections unavailable, copying over one: ${formatError(error)}`);
        return undefined;
      },
    ));
}
