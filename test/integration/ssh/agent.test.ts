import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AgentService } from '../../../main/core/agent-service';
import { addKeyFileToAgent, findAgentSocket, hostnameHash, listAgentKeys } from '../../../main/ssh/auth/agent-client';
import { cleanupAfterEach } from '../../helpers/cleanups';
import { pollUntil } from '../../helpers/poll-until';
import { makeTempDir } from '../../helpers/temp-dir';

// Against Debian's ssh-agent, one per test on a socket of its own; ssh-add -l says what it holds.

const cleanups = cleanupAfterEach();

async function startAgent(socket: string): Promise<ChildProcess> {
  mkdirSync(path.dirname(socket), { recursive: true, mode: 0o700 });
  const agent = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' });
  cleanups.defer(() => agent.kill());
  await pollUntil(() => existsSync(socket), { message: 'the agent socket' });
  return agent;
}

function home(): { home: string; sshDir: string } {
  const temp = cleanups.track(makeTempDir('agent'));
  const sshDir = path.join(temp.path, '.ssh');
  mkdirSync(sshDir, { mode: 0o700 });
  return { home: temp.path, sshDir };
}

function keygen(file: string, args: string[], passphrase: string, comment: string): string {
  execFileSync('ssh-keygen', ['-q', ...args, '-N', passphrase, '-C', comment, '-f', file]);
  return execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', `${file}.pub`], { encoding: 'utf8' }).split(' ')[1]!;
}

function sshAddList(socket: string): string {
  try {
    return execFileSync('ssh-add', ['-l'], { encoding: 'utf8', env: { ...process.env, SSH_AUTH_SOCK: socket }, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    return String((error as { stdout?: string }).stdout ?? '');
  }
}

describe('the agent', () => {
  it('takes Ed25519, ECDSA and RSA keys (OpenSSH and PEM, with passphrases) as ssh-add would, and lists them as ssh-add -l does', async () => {
    const { home: dir, sshDir } = home();
    const socket = path.join(dir, 'agent.sock');
    await startAgent(socket);
    const keys = [
      { name: 'id_ed25519', args: ['-t', 'ed25519'], passphrase: 'ed pass phrase', type: 'ssh-ed25519', bits: 256 },
      { name: 'id_ecdsa', args: ['-t', 'ecdsa', '-b', '384'], passphrase: '', type: 'ecdsa-sha2-nistp384', bits: 384 },
      { name: 'id_rsa', args: ['-t', 'rsa', '-b', '3072'], passphrase: 'rsa pass phrase', type: 'ssh-rsa', bits: 3072 },
      { name: 'id_rsa_pem', args: ['-t', 'rsa', '-b', '2048', '-m', 'PEM'], passphrase: 'pem pass phrase', type: 'ssh-rsa', bits: 2048 },
      { name: 'id_ecdsa256', args: ['-t', 'ecdsa', '-b', '256'], passphrase: 'p256 pass', type: 'ecdsa-sha2-nistp256', bits: 256 },
    ];
    expect(await listAgentKeys(socket)).toEqual([]);
    for (const key of keys) {
      const file = path.join(sshDir, key.name);
      const fingerprint = keygen(file, key.args, key.passphrase, `${key.name}@test`);
      const added = await addKeyFileToAgent(socket, file, key.passphrase || undefined);
      // A PEM file keeps no comment: the agent is given its path, as ssh-add gives it.
      const comment = key.name === 'id_rsa_pem' ? file : `${key.name}@test`;
      expect(added).toEqual({ type: key.type, bits: key.bits, fingerprint, comment });
      expect(sshAddList(socket)).toContain(`${key.bits} ${fingerprint} ${comment}`);
    }
    const listed = await listAgentKeys(socket);
    expect(listed.map((key) => [key.type, key.bits])).toEqual(keys.map((key) => [key.type, key.bits]));
    expect(listed[0]!.comment).toBe('id_ed25519@test');
  });

  it('says what is wrong: a wrong or missing passphrase, a public key, no agent', async () => {
    const { home: dir, sshDir } = home();
    const socket = path.join(dir, 'agent.sock');
    await startAgent(socket);
    const file = path.join(sshDir, 'id_ed25519');
    keygen(file, ['-t', 'ed25519'], 'the right one', 'k');
    await expect(addKeyFileToAgent(socket, file, 'the wrong one')).rejects.toMatchObject({ code: 'KEY_PASSPHRASE' });
    await expect(addKeyFileToAgent(socket, file, undefined)).rejects.toMatchObject({ code: 'KEY_PASSPHRASE', message: expect.stringContaining('encrypted') });
    await expect(addKeyFileToAgent(socket, `${file}.pub`, undefined)).rejects.toMatchObject({ code: 'KEY_UNREADABLE' });
    expect(sshAddList(socket)).not.toContain('SHA256');
    await expect(listAgentKeys(path.join(dir, 'nothing.sock'))).rejects.toMatchObject({ code: 'AGENT_UNAVAILABLE' });
  });

  it("finds OpenSSH 10's agent socket in ~/.ssh/agent/ when SSH_AUTH_SOCK is not set, and adds only key files of ~/.ssh", async () => {
    const { home: dir, sshDir } = home();
    const env = { HOME: dir };
    const service = new AgentService(env);
    expect(await service.status()).toMatchObject({ isReachable: false, keys: [] });
    // A socket of another computer, and a dead one of this one, are passed over.
    await startAgent(path.join(sshDir, 'agent', 's.AAAAAAAAAA.agent.otherhost1'));
    const socket = path.join(sshDir, 'agent', `s.${hostnameHash(os.hostname())}.agent.abcdefghij`);
    await startAgent(socket);
    expect(await findAgentSocket(env)).toEqual({ socket, source: 'agent-dir' });
    expect(await findAgentSocket({ ...env, SSH_AUTH_SOCK: '/elsewhere.sock' })).toEqual({ socket: '/elsewhere.sock', source: 'SSH_AUTH_SOCK' });

    const fingerprint = keygen(path.join(sshDir, 'id_ed25519'), ['-t', 'ed25519'], '', 'mine');
    keygen(path.join(sshDir, 'work_key'), ['-t', 'ecdsa'], '', 'work');
    rmSync(path.join(sshDir, 'work_key.pub'));
    writeFileSync(path.join(sshDir, 'config'), 'Host *\n  IdentitiesOnly yes\n');
    expect(await service.status()).toMatchObject({
      isReachable: true,
      socket,
      source: 'agent-dir',
      keys: [],
      keyFiles: ['~/.ssh/id_ed25519', '~/.ssh/work_key'],
    });
    expect(await service.add('~/.ssh/id_ed25519', undefined)).toMatchObject({ fingerprint, comment: 'mine' });
    expect((await service.status()).keys).toEqual([{ type: 'ssh-ed25519', bits: 256, fingerprint, comment: 'mine' }]);

    const outside = path.join(dir, 'id_outside');
    keygen(outside, ['-t', 'ed25519'], '', 'outside');
    symlinkSync(outside, path.join(sshDir, 'link_to_outside'));
    await expect(service.add(outside, undefined)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(service.add('~/.ssh/../id_outside', undefined)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(service.add('~/.ssh/link_to_outside', undefined)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect((await service.status()).keys).toHaveLength(1);
  });
});
