import type { Command } from '../shared/command.js';

/** `taskrouter-assigner start`: the all-in-one process, as `npm start`. */
export const startCommand: Command = async () => {
  await import('../../main.js');
  // The service runs until a signal stops it; never resolve.
  return new Promise<number>(() => undefined);
};
