import { join } from 'node:path';
import { startLatencyRelay } from '../test/fixtures/latency-relay';
import { CIPHER, makeBigFile, makeTree, RUNS, startSftpStand, TREE_FILES } from './sftp-stand';
import { type BenchRow, printTable } from './stats';

/** A link across a continent (the big file) and one across a building (the tree). */
const WAN_RTT_MS = Number(process.env.BENCH_WAN_RTT_MS ?? 40);
const LAN_RTT_MS = Number(process.env.BENCH_LAN_RTT_MS ?? 2);
const BIG = Number(process.env.BENCH_LINK_MIB ?? 256) * 1024 * 1024;

/**
 * The same copies over a link with a round-trip time, through a relay that delays each
 * direction by half of it (no bandwidth limit). Loopback measures CPU; this measures what a
 * user's network does to each tool: one SSH channel carries at most a window (2 MiB) per
 * round trip, and a tool that copies one small file at a time pays round trips per file.
 */
export async function benchSftpLink(): Promise<void> {
  const rows: BenchRow[] = [];
  await overLink(WAN_RTT_MS, async (stand) => {
    const big = join(stand.work, 'big.bin');
    makeBigFile(big, BIG);
    const mib = (ms: number) => BIG / 1024 / 1024 / (ms / 1000);
    for (const direction of ['down', 'up'] as const) {
      const [from, to] = direction === 'down' ? [`127.0.0.1:${big}`, stand.out] : [big, `127.0.0.1:${stand.out}`];
      const t = await stand.race({
        one: () => stand.engine(direction, big),
        two: () => stand.engine(direction, big, { workers: 2 }),
        four: () => stand.engine(direction, big, { workers: 4 }),
        cliFour: () => stand.jumpgate(['--verify=size', '--connections=4', from, to]),
        theirsSftp: () => stand.sftp('big', direction === 'down' ? `get ${big} ${stand.out}/` : `put ${big} ${stand.out}/`),
        theirsScp: () => stand.scp([from, to]),
      });
      const label = `${BIG / 1024 / 1024} MiB ${direction}, ${WAN_RTT_MS} ms RTT`;
      const row = (name: string, key: keyof typeof t, theirsKey: 'theirsSftp' | 'theirsScp', note?: string): BenchRow => ({
        name: `${label}: ${name}`,
        ours: mib(t[key]),
        theirs: mib(t[theirsKey]),
        unit: 'MiB/s',
        better: 'higher',
        note,
        spread: stand.spreadOf(key, theirsKey, mib),
      });
      rows.push(row('1 connection vs sftp -b', 'one', 'theirsSftp', 'in a running process'));
      rows.push(row('2 connections vs sftp -b', 'two', 'theirsSftp', 'segmented'));
      rows.push(row('4 connections vs sftp -b', 'four', 'theirsSftp', 'segmented'));
      rows.push(row('cp --connections=4 vs sftp -b', 'cliFour', 'theirsSftp', 'whole process'));
      rows.push(row('cp --connections=4 vs scp', 'cliFour', 'theirsScp', 'whole process'));
    }
  });
  await overLink(LAN_RTT_MS, async (stand) => {
    const tree = join(stand.work, 'tree');
    makeTree(tree);
    for (const direction of ['down', 'up'] as const) {
      const [from, to] = direction === 'down' ? [`127.0.0.1:${tree}`, stand.out] : [tree, `127.0.0.1:${stand.out}`];
      const t = await stand.race({
        ours: () => stand.jumpgate(['-r', from, to]),
        inProcess: () => stand.engine(direction, tree, { recursive: true }),
        theirsSftp: () => stand.sftp('tree', direction === 'down' ? `get -r ${tree} ${stand.out}/` : `put -r ${tree} ${stand.out}/`),
        theirsScp: () => stand.scp(['-r', from, to]),
      });
      const label = `tree of ${TREE_FILES} files ${direction}, ${LAN_RTT_MS} ms RTT`;
      const row = (name: string, key: keyof typeof t, theirsKey: 'theirsSftp' | 'theirsScp'): BenchRow => ({
        name: `${label}: ${name}`,
        ours: t[key],
        theirs: t[theirsKey],
        unit: 'ms',
        better: 'lower',
        spread: stand.spreadOf(key, theirsKey),
      });
      rows.push(row('cp -r vs sftp -b', 'ours', 'theirsSftp'));
      rows.push(row('cp -r vs scp -r', 'ours', 'theirsScp'));
      rows.push(row('in a running process vs sftp -b', 'inProcess', 'theirsSftp'));
    }
  });
  printTable(`SFTP over a slow link (median of ${RUNS}, sshd behind a delaying relay, ${CIPHER} on both sides)`, rows);
}

async function overLink(roundTripMs: number, body: (stand: Awaited<ReturnType<typeof startSftpStand>>) => Promise<void>): Promise<void> {
  const stand = await startSftpStand((port) => startLatencyRelay(port, roundTripMs));
  try {
    await body(stand);
  } finally {
    await stand.dispose();
  }
}
