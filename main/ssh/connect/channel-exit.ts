import type { ClientChannel } from 'ssh2';

export interface ChannelExit {
  code: number | undefined;
  signal: string | undefined;
}

const exits = new WeakMap<ClientChannel, ChannelExit>();

/**
 * Records a session channel's exit status the moment ssh2 reports it. When a whole reply (data,
 * exit-status, EOF, close) arrives in one read — typical through a jump host — ssh2 emits 'exit'
 * before the code that awaited the channel has run, so a listener added later would miss it.
 * Must be called synchronously in ssh2's open callback.
 */
export function trackExit(channel: ClientChannel): void {
  channel.on('exit', (code: number | null, signal?: string) => {
    exits.set(channel, { code: typeof code === 'number' ? code : undefined, signal: signal ? signal.replace(/^SIG/, '') : undefined });
  });
}

/** The exit status once the server sent it (read it on 'close'). */
export function exitOf(channel: ClientChannel): ChannelExit | undefined {
  return exits.get(channel);
}
