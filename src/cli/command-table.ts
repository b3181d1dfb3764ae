import type { Command } from './shared/command.js';
import type { CommandIo } from './shared/command-io.js';

/** Loads a command's module only when it runs (keeps `--help` fast and imports light). */
export type CommandLoader = (io: CommandIo) => Promise<Command>;

/** Every command by its one or two words (`simulate`, `rules check`); main.ts dispatches on it. */
export const COMMAND_TABLE: Readonly<Record<string, CommandLoader>> = Object.freeze({
  start: async () => (await import('./start/command.js')).startCommand,
  simulate: async (io) => (await import('./simulate/command.js')).createSimulateCommand(io),
  reservations: async (io) =>
    (await import('./reservations/command.js')).createReservationsCommand(io),
  'rules check': async (io) =>
    (await import('./rules/check-command.js')).createRulesCheckCommand(io),
  'rules test': async (io) => (await import('./rules/test-command.js')).createRulesTestCommand(io),
  'rules explain': async (io) =>
    (await import('./rules/explain-command.js')).createRulesExplainCommand(io),
  rehearse: async (io) => (await import('./rehearse/command.js')).createRehearseCommand(io),
  connect: async (io) => (await import('./connect/command.js')).createConnectCommand(io),
  doctor: async (io) => (await import('./doctor/command.js')).createDoctorCommand(io),
});

/** Commands that run until stopped: Ctrl-C and SIGTERM abort their `io.signal` instead. */
export const LONG_RUNNING: ReadonlySet<string> = new Set(['simulate', 'rehearse']);
