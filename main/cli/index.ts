import { AppError } from '../../shared/errors';
import { faultSummary, installLastResort } from '../core/last-resort';
import { formatError } from './cli-io';
import { main } from './jumpgate';

// The entry point of the built `jumpgate` command.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
});
const exit = (status: number) => process.stdout.write('', () => process.stderr.write('', () => process.exit(status)));
// A fault nobody caught is one coded line too: a connection it belongs to ends (and the command
// reports that as it reports any lost connection); one that belongs to none ends the command.
installLastResort({
  report: (fault) => {
    const what = `Jumpgate hit an internal error (${fault.origin}: ${faultSummary(fault.error)}). Please report it.`;
    process.stderr.write(`${formatError(new AppError('INTERNAL', what, { hop: fault.owner?.hop }))}\n`);
  },
  onUnowned: () => exit(255),
});
const status = await main(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env }).catch(
  (error: unknown) => {
    process.stderr.write(`${formatError(error)}\n`);
    return 255;
  },
);
// Let buffered output reach a pipe before exiting.
exit(status);
