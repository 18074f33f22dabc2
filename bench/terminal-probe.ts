/**
 * Measurement hooks installed into the page from outside, without any help from the renderer.
 * A string, not a function: tsx compiles functions with helpers that do not exist in the page.
 *
 * - Each instrumented terminal's controller gets its `write` wrapped, so the parse callback
 *   (the moment xterm has parsed a batch, which is also when the renderer acknowledges it to
 *   main) counts characters and spots an awaited keystroke's echo in the batch, at no cost
 *   beyond an `includes` per batch: nothing reads the buffer.
 * - OSC 7770 ; NAME BEL in the output records when xterm's parser reached that point, exactly.
 * - A capturing keydown listener records when an awaited key reaches the page.
 */
export const PAGE_PROBE = String.raw`(() => {
  if (window.jgProbe) return;
  const probe = { parsed: {}, terminals: {}, marks: {}, waiters: {}, armed: undefined };
  window.jgProbe = probe;
  window.addEventListener('keydown', (event) => {
    const armed = probe.armed;
    if (armed && armed.keyAt === undefined && event.key === armed.char) armed.keyAt = performance.now();
  }, true);
  probe.instrument = (name) => {
    const element = document.querySelector('[data-testid="terminal-pane"].terminal-pane--active [data-testid="terminal"]');
    const controller = element.jumpgateTerminal;
    const write = controller.write.bind(controller);
    probe.parsed[name] = 0;
    probe.terminals[name] = controller.terminal;
    controller.write = (data, onDrawn) => write(data, () => {
      probe.parsed[name] += data.length;
      const armed = probe.armed;
      if (armed && armed.term === name && armed.keyAt !== undefined && data.includes(armed.char)) {
        probe.armed = undefined;
        armed.resolve(performance.now() - armed.keyAt);
      }
      onDrawn();
    });
    controller.terminal.parser.registerOscHandler(7770, (payload) => {
      const key = name + ':' + payload;
      probe.marks[key] = performance.now();
      probe.waiters[key]?.();
      return true;
    });
  };
  probe.mark = (name, payload) => {
    const key = name + ':' + payload;
    if (probe.marks[key] !== undefined) return Promise.resolve(probe.marks[key]);
    return new Promise((resolve) => (probe.waiters[key] = () => resolve(probe.marks[key])));
  };
  /** Writes about CHARS characters of base64 lines straight into a terminal's xterm, a batch at a time as acks allow; answers ms. */
  probe.direct = async (name, chars) => {
    const terminal = probe.terminals[name];
    const random = new Uint8Array(3 * 1024 * 1024);
    for (let at = 0; at < random.length; at += 65536) crypto.getRandomValues(random.subarray(at, at + 65536));
    let binary = '';
    for (let at = 0; at < random.length; at += 8192) binary += String.fromCharCode(...random.subarray(at, at + 8192));
    const text = btoa(binary).replace(/.{76}/g, '$&\r\n');
    const batches = [];
    for (let at = 0; at < text.length; at += 262144) batches.push(text.slice(at, at + 262144));
    terminal.write('\x1b[H\x1b[2J');
    const started = performance.now();
    let written = 0;
    for (let i = 0; written < chars; i++) {
      const batch = batches[i % batches.length];
      written += batch.length;
      await new Promise((resolve) => terminal.write(batch, resolve));
    }
    return performance.now() - started;
  };
  /** Arms the echo watch for one key in one terminal; await probe.echo afterwards. */
  probe.arm = (name, char) => {
    probe.echo = new Promise((resolve) => (probe.armed = { term: name, char, keyAt: undefined, resolve }));
  };
})()`;

/** What `printf` prints to mark a point in a terminal's output stream. */
export const oscMark = (payload: string): string => `printf '\\033]7770;${payload}\\007'`;
