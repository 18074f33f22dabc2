import { parentPort } from 'node:worker_threads';
import { toAppError } from '../../../shared/errors';
import { hopLabel } from '../../../shared/model';
import { PromptBroker } from '../../prompts/prompt-broker';
import { type ConnectionLease, SshConnector } from '../../ssh/connect/ssh-connector';
import { pump } from './chunk-pump';
import { type ConnectionRecipe, PinnedKnownHosts, recipePromptHandler } from './connection-recipe';
import type { FileHandle } from '../protocol/file-system';
import { LocalFileSystem } from '../protocol/local-file-system';
import type { FromWorker, SegmentJob, ToWorker } from './segment-messages';
import { SftpSession } from '../protocol/sftp-session';
import { TransferControl } from './transfer-control';

/**
 * A transfer worker thread: one connection of its own (the main connection's hops, host keys
 * pinned, the same credentials), serving blocks of large files so that the bulk work of a
 * segmented transfer runs on more than one core and never on the thread that serves windows.
 */
const port = parentPort!;
const send = (message: FromWorker) => port.postMessage(message);
const local = new LocalFileSystem();
const controls = new Map<number, TransferControl>();
const blockWaiters = new Map<number, (block: { start: number; end: number } | undefined) => void>();
let connection: { connector: SshConnector; lease: ConnectionLease; session: SftpSession } | undefined;

port.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'connect':
      void connect(message.recipe);
      break;
    case 'copy':
      void copy(message.job);
      break;
    case 'block':
      blockWaiters.get(message.id)?.(message.block);
      blockWaiters.delete(message.id);
      break;
    case 'stop':
      controls.get(message.id)?.cancel();
      blockWaiters.get(message.id)?.(undefined);
      break;
    case 'pause':
      controls.get(message.id)?.pause();
      break;
    case 'resume':
      controls.get(message.id)?.resume();
      break;
    case 'close':
      connection?.session.dispose();
      connection?.lease.dispose();
      connection?.connector.dispose();
      port.close();
      break;
  }
});

async function connect(recipe: ConnectionRecipe): Promise<void> {
  const pinned = new Map(recipe.hops.map((hop, i) => [JSON.stringify(hop), recipe.hostKeys[i]!]));
  const connector = new SshConnector({
    broker: new PromptBroker(recipePromptHandler(recipe)),
    knownHostsFor: (spec) => new PinnedKnownHosts(pinned.get(JSON.stringify(spec)) ?? '', hopLabel(spec)),
  });
  try {
    const lease = await connector.connect(recipe.hops);
    connection = { connector, lease, session: await SftpSession.open(lease.connection) };
    send({ type: 'ready' });
  } catch (error) {
    connector.dispose();
    send({ type: 'connect-failed', error: toAppError(error).toJSON() });
  }
}

function nextBlock(id: number): Promise<{ start: number; end: number } | undefined> {
  return new Promise((resolve) => {
    blockWaiters.set(id, resolve);
    send({ type: 'next', id });
  });
}

async function copy(job: SegmentJob): Promise<void> {
  const control = new TransferControl();
  controls.set(job.id, control);
  const handles: FileHandle[] = [];
  try {
    const session = connection!.session;
    const open =
      job.direction === 'down'
        ? [session.openRead(job.remotePath), local.openWrite(job.localPath, { create: false })]
        : [local.openRead(job.localPath), session.openWrite(job.remotePath, { create: false })];
    const settled = await Promise.allSettled(open);
    for (const result of settled) if (result.status === 'fulfilled') handles.push(result.value);
    for (const result of settled) if (result.status === 'rejected') throw result.reason;
    const lane = { reader: handles[0]!, writer: handles[1]! };
    for (let block = await nextBlock(job.id); block; block = await nextBlock(job.id)) {
      await pump([lane], {
        start: block.start,
        end: block.end,
        chunkSize: job.chunkSize,
        depth: session.depth,
        control,
        onBytes: () => {},
        onChunk: (start, end) => send({ type: 'chunk', id: job.id, start, end }),
        srcPath: job.direction === 'down' ? job.remotePath : job.localPath,
        where: job.direction === 'down' ? session.where : local.where,
      });
    }
    // The writes are acknowledged; closing makes them visible to the main thread's size check.
    await Promise.all(handles.splice(0).map((h) => h.close()));
    send({ type: 'finished', id: job.id });
  } catch (error) {
    // Not awaited: a server that stopped answering would never confirm a close.
    for (const handle of handles) handle.close().catch(() => undefined);
    send({ type: 'failed', id: job.id, error: toAppError(error).toJSON() });
  } finally {
    controls.delete(job.id);
  }
}
