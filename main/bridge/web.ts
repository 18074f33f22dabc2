import { installLastResort } from '../core/last-resort';
import { dataDir } from '../storage/data-dir';
import { startWebServer } from './web-server';

// `npm run web [-- --port N] [--no-open] [--host ADDRESS]`: the UI in a browser, over the bridge.
const args = process.argv.slice(2);
const valueOf = (flag: string) => {
  const index = args.indexOf(flag);
  return index >= 0 ? args[index + 1] : undefined;
};
const port = Number(valueOf('--port') ?? 0);
const host = valueOf('--host') ?? '127.0.0.1';
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`jumpgate web: bad --port "${valueOf('--port')}"`);
  process.exit(2);
}
if (!['127.0.0.1', 'localhost', '::1'].includes(host)) {
  console.error(`jumpgate web: WARNING: listening on ${host}, beyond this machine. Anyone who can reach it and learns the token controls your SSH sessions.`);
}
// A fault nobody caught is logged and ends only the connection it came from; the server serves on.
installLastResort();
const hasDisplay = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
const bridge = await startWebServer({
  dataDir: dataDir(),
  host,
  port,
  open: !args.includes('--no-open') && hasDisplay,
  log: (line) => console.error(line),
});
console.log(`Jumpgate is at ${bridge.url}`);
console.log("The token in that address is this launch's key: keep it to yourself. Ctrl+C stops the server.");
const stop = () => void bridge.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
