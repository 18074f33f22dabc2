import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../shared/errors';
import type { AgentKey, AgentStatus } from '../../shared/model/trust';
import { addKeyFileToAgent, findAgentSocket, listAgentKeys } from '../ssh/auth/agent-client';

/**
 * The Agent page's side of main: whether an agent is reachable and what it holds, the key files
 * of ~/.ssh it could take, and adding one of them with its passphrase. Only files under ~/.ssh
 * are read: the renderer is untrusted, and this is no way to read other files.
 */
export class AgentService {
  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  async status(): Promise<AgentStatus> {
    const keyFiles = await this.keyFiles();
    const found = await findAgentSocket(this.env);
    if (found === undefined) {
      return {
        isReachable: false,
        problem: 'No agent is running for Jumpgate: SSH_AUTH_SOCK is not set, and ~/.ssh/agent holds no live agent socket of this computer.',
        keys: [],
        keyFiles,
      };
    }
    try {
      return { ...found, isReachable: true, keys: await listAgentKeys(found.socket), keyFiles };
    } catch (error) {
      const problem = AppError.is(error) ? error.message : `The agent at ${found.socket} cannot be reached.`;
      return { ...found, isReachable: false, problem, keys: [], keyFiles };
    }
  }

  async add(keyFile: string, passphrase: string | undefined): Promise<AgentKey> {
    const file = await this.insideSshDir(keyFile);
    const found = await findAgentSocket(this.env);
    if (found === undefined) throw new AppError('AGENT_UNAVAILABLE', 'No agent is running for Jumpgate, so the key cannot be added. Start ssh-agent first.');
    return addKeyFileToAgent(found.socket, file, passphrase);
  }

  private sshDir(): string {
    return path.join(this.env.HOME || os.homedir(), '.ssh');
  }

  /** The private keys of ~/.ssh: small regular files that start as a private key file does. */
  private async keyFiles(): Promise<string[]> {
    const dir = this.sshDir();
    const names = await fs.readdir(dir).catch(() => [] as string[]);
    const found = await Promise.all(names.sort().map(async (name) => ((await isPrivateKeyFile(path.join(dir, name))) ? [path.join('~', '.ssh', name)] : [])));
    return found.flat();
  }

  private async insideSshDir(keyFile: string): Promise<string> {
    const dir = this.sshDir();
    const absolute = path.resolve(dir, keyFile.replace(/^~(?=\/|$)/, this.env.HOME || os.homedir()));
    const [real, realDir] = await Promise.all([fs.realpath(absolute).catch(() => absolute), fs.realpath(dir).catch(() => dir)]);
    if (path.relative(realDir, real).startsWith('..') || path.isAbsolute(path.relative(realDir, real))) {
      throw new AppError('INVALID_ARGUMENT', `Only key files in ${dir} are added from here; ${keyFile} is elsewhere.`);
    }
    return real;
  }
}

const PRIVATE_KEY_HEADER = /^-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/;

async function isPrivateKeyFile(file: string): Promise<boolean> {
  try {
    const stats = await fs.lstat(file);
    if (!stats.isFile() || stats.size > 64 * 1024) return false;
    const handle = await fs.open(file, 'r');
    try {
      const { buffer, bytesRead } = await handle.read(Buffer.alloc(64), 0, 64, 0);
      return PRIVATE_KEY_HEADER.test(buffer.subarray(0, bytesRead).toString('latin1'));
    } finally {
      await handle.close();
    }
  } catch {
    return false;
  }
}
