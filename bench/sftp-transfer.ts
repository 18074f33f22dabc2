import { join } from 'node:path';
import { CIPHER, makeBigFile, makeTree, RUNS, startSftpStand, TREE_FILES } from './sftp-stand';
import { type BenchRow, printTable } from './stats';

const BIG = Number(process.env.BENCH_SFTP_MIB ?? 256) * 1024 * 1024;

/**
 * 256 MiB down and up, and a tree of 2,000 small files down and up: `jumpgate cp` (whole
 * process) and the engine in a running process, against OpenSSH's `sftp -b` and `scp` on the
 * same sshd in the same run.
 */
export async function benchSftpTransfer(): Promise<void> {
  const stand = await startSftpStand();
  try {
    const { out, work } = stand;
    const host = '127.0.0.1';
    const big = join(work, 'big.bin');
    makeBigFile(big, BIG);
    const tree = join(work, 'tree');
    makeTree(tree);

    const rows: BenchRow[] = [];
    const mib = (ms: number) => BIG / 1024 / 1024 / (ms / 1000);
    for (const direction of ['down', 'up'] as const) {
      const remote = (path: string) => `${host}:${path}`;
      const [from, to] = direction === 'down' ? [remote(big), out] : [big, remote(out)];
      const sftpLine = direction === 'down' ? `get ${big} ${out}/` : `put ${big} ${out}/`;
      const t = await stand.race({
        ours: () => stand.jumpgate([from, to]),
        oursSize: () => stand.jumpgate(['--verify=size', from, to]),
        inProcess: () => stand.engine(direction, big),
        segmented: () => stand.engine(direction, big, { workers: 2 }),
        cliSegmented: () => stand.jumpgate(['--verify=size', '--connections=2', from, to]),
        theirsSftp: () => stand.sftp('big', sftpLine),
        theirsScp: () => stand.scp([from, to]),
      });
      const { ours, oursSize, inProcess, segmented, cliSegmented, theirsSftp, theirsScp } = t;
      const label = `${BIG / 1024 / 1024} MiB ${direction}`;
      const row = (name: string, oursKey: string, value: number, theirsKey: string, theirs: number, note?: string): BenchRow => ({
        name: `${label}: ${name}`,
        ours: mib(value),
        theirs: mib(theirs),
        unit: 'MiB/s',
        better: 'higher',
        note,
        spread: stand.spreadOf(oursKey, theirsKey, mib),
      });
      rows.push(row('cp (sha256 check) vs sftp -b', 'ours', ours, 'theirsSftp', theirsSftp));
      rows.push(row('cp --verify=size vs sftp -b', 'oursSize', oursSize, 'theirsSftp', theirsSftp));
      rows.push(row('cp --verify=size vs scp', 'oursSize', oursSize, 'theirsScp', theirsScp));
      rows.push(row('cp --connections=2 vs sftp -b', 'cliSegmented', cliSegmented, 'theirsSftp', theirsSftp, 'segmented, size check'));
      rows.push(row('in a running process vs sftp -b', 'inProcess', inProcess, 'theirsSftp', theirsSftp, 'one connection, no process start'));
      rows.push(row('same, 2 connections vs sftp -b', 'segmented', segmented, 'theirsSftp', theirsSftp, 'segmented, 2 worker threads'));
    }
    for (const direction of ['down', 'up'] as const) {
      const [from, to] = direction === 'down' ? [`${host}:${tree}`, out] : [tree, `${host}:${out}`];
      const sftpLine = direction === 'down' ? `get -r ${tree} ${out}/` : `put -r ${tree} ${out}/`;
      const { ours, inProcess, theirsSftp, theirsScp } = await stand.race({
        ours: () => stand.jumpgate(['-r', from, to]),
        inProcess: () => stand.engine(direction, tree, { recursive: true }),
        theirsSftp: () => stand.sftp('tree', sftpLine),
        theirsScp: () => stand.scp(['-r', from, to]),
      });
      const label = `tree of ${TREE_FILES} files ${direction}`;
      rows.push({ name: `${label}: cp -r vs sftp -b`, ours, theirs: theirsSftp, unit: 'ms', better: 'lower', spread: stand.spreadOf('ours', 'theirsSftp') });
      rows.push({ name: `${label}: cp -r vs scp -r`, ours, theirs: theirsScp, unit: 'ms', better: 'lower', spread: stand.spreadOf('ours', 'theirsScp') });
      rows.push({
        name: `${label}: in a running process vs sftp -b`,
        ours: inProcess,
        theirs: theirsSftp,
        unit: 'ms',
        better: 'lower',
        spread: stand.spreadOf('inProcess', 'theirsSftp'),
      });
    }
    printTable(`SFTP transfers (median of ${RUNS}, loopback sshd, ${CIPHER} on both sides)`, rows);
  } finally {
    await stand.dispose();
  }
}
