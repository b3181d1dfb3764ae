import { describe, expect, it } from 'vitest';
import { COMMAND_TABLE } from '../../../src/cli/command-table.js';
import { runCli } from '../../../src/cli/main.js';
import { captureIo } from '../../support/capture-io.js';

describe('runCli', () => {
  it('when no command is given, then the usage goes to stdout, exit 0', async () => {
    const cap = captureIo();
    expect(await runCli([], () => cap.io)).toBe(0);
    expect(cap.stdout()).toMatch(/^Usage: taskrouter-assigner <command>/);
  });

  it.each([['nope'], ['constructor'], ['toString'], ['rules', 'nope']])(
    'when the command is %j, then it is a usage error, exit 2',
    async (...argv) => {
      const cap = captureIo();
      expect(await runCli(argv, () => cap.io)).toBe(2);
      expect(cap.stderr()).toMatch(/^Unknown command: /);
    },
  );

  it('when a two-word command is named with options first, then it runs with the options', async () => {
    const cap = captureIo();
    expect(await runCli(['--help', 'rules', 'check'], () => cap.io)).toBe(0);
    expect(cap.stdout()).toMatch(/rules check/);
  });

  // Loads four command modules (rehearse brings the whole service): generous on a loaded machine.
  it(
    'when a command reports a usage error, then every command exits 2 for it',
    { timeout: 60_000 },
    async () => {
      for (const words of ['reservations', 'rules check', 'rehearse', 'simulate']) {
        const cap = captureIo({});
        const code = await runCli([...words.split(' '), '--no-such-option'], () => cap.io);
        expect({ words, code }).toEqual({ words, code: 2 });
      }
    },
  );

  it('when the table is read, then it is frozen (no registration at import time)', () => {
    expect(Object.isFrozen(COMMAND_TABLE)).toBe(true);
  });
});
