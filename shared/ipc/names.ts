/**
 * The contract's method and event names without their schemas, for the preload: it must stay a
 * small, dependency-free bundle in the sandbox. contract.ts checks at compile time that these
 * lists and its schemas name exactly the same things.
 */
export const METHOD_NAMES = [
  'app.info',
  'profiles.list',
  'profiles.save',
  'profiles.remove',
  'settings.get',
  'settings.update',
  'storage.problems',
  'vault.status',
  'vault.setup',
  'vault.unlock',
  'vault.lock',
  'vault.changePassphrase',
  'prompts.pending',
  'prompts.answer',
  'terminal.open',
  'terminal.write',
  'terminal.resize',
  'terminal.ack',
  'terminal.close',
  'terminal.reconnect',
  'terminal.cancelReconnect',
  'terminal.forgetHostKey',
  'terminal.record',
  'tunnels.list',
  'tunnels.save',
  'tunnels.remove',
  'tunnels.start',
  'tunnels.stop',
] as const;

export const EVENT_NAMES = [
  'prompts.request',
  'prompts.closed',
  'app.notice',
  'terminal.data',
  'terminal.state',
  'terminal.progress',
  'terminal.recording',
  'terminal.notice',
  'tunnels.status',
] as const;
