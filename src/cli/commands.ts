import { registerCommand } from './main.js';

// Each command lives in its own file and is imported only when run.
registerCommand('start', async () => (await import('./start/command.js')).startCommand);
registerCommand('simulate', async () => {
  const { runSimulateCommand } = await import('./simulate/command.js');
  return (argv) => runSimulateCommand(argv);
});
registerCommand(
  'reservations',
  async () => (await import('./reservations/command.js')).reservationsCommand,
);
registerCommand('rules check', async () => {
  const [{ createRulesCheckCommand }, { processIo }] = await Promise.all([
    import('./rules/check-command.js'),
    import('./shared/command-io.js'),
  ]);
  return createRulesCheckCommand(processIo());
});
registerCommand('rules test', async () => {
  const [{ createRulesTestCommand }, { processIo }] = await Promise.all([
    import('./rules/test-command.js'),
    import('./shared/command-io.js'),
  ]);
  return createRulesTestCommand(processIo());
});
registerCommand('rules explain', async () => {
  const [{ createRulesExplainCommand }, { processIo }] = await Promise.all([
    import('./rules/explain-command.js'),
    import('./shared/command-io.js'),
  ]);
  return createRulesExplainCommand(processIo());
});
registerCommand('rehearse', async () => {
  const [{ createRehearseCommand }, { processIo }] = await Promise.all([
    import('./rehearse/command.js'),
    import('./shared/command-io.js'),
  ]);
  return createRehearseCommand(processIo({ signals: true }));
});
