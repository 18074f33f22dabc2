import { benchConnectLatency } from './connect-latency';
import { benchForwardThroughput } from './forward-throughput';
import { benchSftpLink } from './sftp-link';
import { benchSftpTransfer } from './sftp-transfer';
import { benchTerminal } from './terminal-throughput';

// `npm run bench`: each case measures Jumpgate and OpenSSH on the same work in the same run.
const cases: Record<string, () => Promise<void>> = {
  connect: benchConnectLatency,
  forward: benchForwardThroughput,
  sftp: benchSftpTransfer,
  'sftp-link': benchSftpLink,
  terminal: benchTerminal,
};

const only = process.argv.slice(2);
for (const [name, bench] of Object.entries(cases)) {
  if (only.length && !only.includes(name)) continue;
  await bench();
}
process.exit(0);
