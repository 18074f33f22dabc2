import { main } from './jumpgate';

// The entry point of the built `jumpgate` command.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
});
const status = await main(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env });
// Let buffered output reach a pipe before exiting.
process.stdout.write('', () => process.stderr.write('', () => process.exit(status)));
