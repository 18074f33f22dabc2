import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * OpenSSH's `ssh -tt` in a pty of its own (python3's pty module), typing one key at a time and
 * reading until its echo comes back: the time a user of a terminal emulator sees, minus the
 * emulator. With `flood`, the shell prints `cat /dev/urandom | base64` while keys are typed and
 * the reader drains the pty as fast as it can: the echo queues behind whatever is in flight.
 */
const ECHO_SCRIPT = String.raw`
import json, os, pty, re, select, sys, time
args = json.loads(sys.argv[1])
pid, fd = pty.fork()
if pid == 0:
    os.execvp('ssh', ['ssh', '-tt'] + args['ssh'])
tail = b''
def read_until(found, timeout=60):
    global tail
    deadline = time.monotonic() + timeout
    while True:
        ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            sys.exit('timed out; last output: ' + repr(tail[-300:]))
        chunk = os.read(fd, 1 << 16)
        tail = (tail + chunk)[-4096:]
        if found(chunk, tail):
            return
def drain_for(seconds):
    global tail
    deadline = time.monotonic() + seconds
    while True:
        ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            return
        tail = (tail + os.read(fd, 1 << 16))[-4096:]
prompt = lambda chunk, tail: re.search(rb'[#$] (\x1b\[K)?$', tail) is not None
read_until(prompt)
if args['flood']:
    os.write(fd, b'cat /dev/urandom | base64\r')
    drained = [0]
    def enough(chunk, tail):
        drained[0] += len(chunk)
        return drained[0] > 4 << 20
    read_until(enough)
latencies = []
for char in args['chars']:
    key = char.encode()
    # Like a typist, a pause between keys; a flood keeps being read meanwhile.
    drain_for(0.05)
    started = time.perf_counter()
    os.write(fd, key)
    read_until(lambda chunk, tail: key in chunk)
    latencies.append((time.perf_counter() - started) * 1000)
os.write(fd, b'\x03' if args['flood'] else b'\x15')
tail = b''
read_until(prompt)
os.write(fd, b'exit\r')
os.waitpid(pid, 0)
print(json.dumps(latencies))
`;

/** Echo latency in ms of each key in `chars`, typed into `ssh -tt` with `sshArgs`. */
export async function opensshEchoLatencies(sshArgs: string[], chars: string, isFlood: boolean, env: NodeJS.ProcessEnv): Promise<number[]> {
  const { stdout } = await run('/usr/bin/python3', ['-c', ECHO_SCRIPT, JSON.stringify({ ssh: sshArgs, chars, flood: isFlood })], { env, maxBuffer: 1 << 20 });
  return JSON.parse(stdout) as number[];
}
