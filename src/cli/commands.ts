import { registerCommand } from './main.js';

// Each command lives in its own file and is imported only when run.
registerCommand('start', async () => (await import('./start-command.js')).startCommand);
registerCommand('simulate', async () => {
  const { runSimulateCommand } = await import('../simulator/cli.js');
  return (argv) => runSimulateCommand(argv);
});
registerCommand(
  'reservations',
  async () => (await import('./reservations-command.js')).reservationsCommand,
);
