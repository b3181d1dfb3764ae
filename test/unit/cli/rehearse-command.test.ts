import { describe, expect, it } from 'vitest';
import { createRehearseCommand } from '../../../src/cli/rehearse/command.js';
import { captureIo } from '../../support/capture-io.js';

// Only the paths that stop before anything starts: the run itself is an integration test.
async function rehearse(argv: string[]) {
  const out = captureIo({});
  const code = await createRehearseCommand(out.io)(argv);
  return { code, stdout: out.stdout(), stderr: out.stderr() };
}

describe('rehearse command', () => {
  it('when asked for help, then the usage is printed, exit 0', async () => {
    const { code, stdout } = await rehearse(['--help']);
    expect(stdout).toMatch(/^Usage: taskrouter-assigner rehearse --rules PATH --scenario FILE/);
    expect(code).toBe(0);
  });

  it('when the scenario cannot be read, then that is said, exit 2', async () => {
    const { code, stderr, stdout } = await rehearse(['--scenario', 'no/such/scenario.yaml']);
    expect(stderr).toContain('cannot read no/such/scenario.yaml');
    expect(stdout).toBe('');
    expect(code).toBe(2);
  });

  it('when the scenario is invalid, then its problems are printed, exit 2', async () => {
    const { code, stderr } = await rehearse(['--scenario', 'config/rules.yaml']);
    expect(stderr).toMatch(/config\/rules\.yaml/);
    expect(code).toBe(2);
  });

  it('when an option is wrong, then it is a usage error, exit 2', async () => {
    const { code, stderr } = await rehearse(['--duration', 'forever']);
    expect(stderr).toContain('--duration must be a positive time');
    expect(stderr).toContain('run `taskrouter-assigner rehearse --help` for usage');
    expect(code).toBe(2);
  });
});
