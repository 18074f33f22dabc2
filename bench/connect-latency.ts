import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { HopSpec } from '../shared/model';
import { PromptBroker } from '../main/prompts/prompt-broker';
import { SshConnector } from '../main/ssh/connect/ssh-connector';
import { getTestKeys } from '../test/fixtures/keys';
import { makeSshEnv } from '../test/fixtures/ssh-env';
import { startSshd, type SshdHandle } from '../test/fixtures/sshd';
import { collect } from '../test/helpers/ssh-client';
import { type BenchRow, median, printTable, timeRuns } from './stats';

const run = promisify(execFile);
const RUNS = Number(process.env.BENCH_RUNS ?? 9);

/**
 * Connect + authenticate + run `true`, through 0, 1 and 2 jump hops, against `ssh -J` on the same
 * servers in the same run. Both whole-process (a script's view) and, for Jumpgate, in-process
 * (the app's view: a warm process opening a new connection).
 */
export async function benchConnectLatency(): Promise<void> {
  const keys = await getTestKeys();
  const servers: SshdHandle[] = [];
  const env = makeSshEnv();
  try {
    for (let i = 0; i < 3; i++) servers.push(await startSshd({ authorizedKeys: [keys.ed25519.publicKey] }));
    env.addKnownHosts(servers.flatMap((s) => s.knownHostsLines()));
    const config = join(env.sshDir, 'bench_config');
    writeFileSync(
      config,
      `Host *\n  IdentityFile ${keys.ed25519.path}\n  IdentitiesOnly yes\n  IdentityAgent none\n  UserKnownHostsFile ${env.knownHostsPath}\n  GlobalKnownHostsFile /dev/null\n  StrictHostKeyChecking yes\n  User root\n`,
    );
    const rows: BenchRow[] = [];
    for (let hops = 0; hops <= 2; hops++) {
      const chain = servers.slice(0, hops + 1);
      const target = chain[chain.length - 1]!;
      const jumps = chain
        .slice(0, -1)
        .map((s) => `root@127.0.0.1:${s.port}`)
        .join(',');
      const common = ['-F', config, ...(jumps ? ['-J', jumps] : []), '-p', String(target.port), '127.0.0.1', 'true'];
      const opensshRuns = await timeRuns(RUNS, async () => void (await run('ssh', common, { env: env.env })));
      const cliRuns = await timeRuns(RUNS, async () => void (await run(process.execPath, ['out/cli/jumpgate.mjs', 'ssh', ...common], { env: env.env })));
      const connector = new SshConnector({ broker: new PromptBroker(undefined) });
      const specs = chain.map((s) =>
        HopSpec.parse({
          alias: '127.0.0.1',
          host: '127.0.0.1',
          port: s.port,
          user: 'root',
          identityFiles: [keys.ed25519.path],
          userKnownHostsFiles: [env.knownHostsPath],
          strictHostKeyChecking: 'yes',
        }),
      );
      const inProcessRuns = await timeRuns(RUNS, async () => {
        const lease = await connector.connect(specs);
        const channel = await lease.connection.exec('true');
        channel.end();
        await collect(channel);
        lease.dispose();
      });
      connector.dispose();
      rows.push({ name: `${hops} hop(s), whole process (jumpgate ssh)`, ours: median(cliRuns), theirs: median(opensshRuns), unit: 'ms', better: 'lower' });
      rows.push({
        name: `${hops} hop(s), in a running process`,
        ours: median(inProcessRuns),
        theirs: median(opensshRuns),
        unit: 'ms',
        better: 'lower',
        note: 'vs ssh whole process',
      });
    }
    printTable(`Connect + auth + exec \`true\` (median of ${RUNS}, loopback sshd)`, rows);
  } finally {
    await Promise.all(servers.map((s) => s.dispose()));
    env.dispose();
  }
}
