import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRulesTestCommand } from '../../../src/cli/rules/test-command.js';
import { loadRules } from '../../../src/config/load-rules.js';
import { captureIo } from '../../support/capture-io.js';
import {
  EXAMPLE_RULES,
  exampleText,
  positionOf,
  replaceOnce,
  tempDir,
} from '../../support/rules-copies.js';

async function runTests(argv: string[], env: Record<string, string> = {}) {
  const out = captureIo(env);
  const code = await createRulesTestCommand(out.io)(argv);
  return { code, stdout: out.stdout(), stderr: out.stderr() };
}

const SECRET_RULES = `version: 1
rules:
  - name: sip-conference
    instruction: conference
    params: { to: "sip:agent@example.com", sipAuthUsername: agent, sipAuthPassword: hunter2-secret }
tests:
  - name: expects the wrong rule on purpose
    expect: { rule: null }
`;

describe('rules test', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    tmp = tempDir();
  });
  afterEach(() => tmp.dispose());

  it('when every case passes, then only the tally is printed, exit 0', async () => {
    const { testResults } = loadRules(EXAMPLE_RULES);
    const { code, stdout } = await runTests([EXAMPLE_RULES]);
    expect(stdout).toBe(`${testResults.length} passed, 0 failed\n`);
    expect(code).toBe(0);
  });

  it('when --verbose, then each passing case is listed with its position', async () => {
    const { stdout } = await runTests([EXAMPLE_RULES, '--verbose']);
    const at = positionOf(exampleText(), '- name: chats are accepted', 2);
    expect(stdout).toContain(`ok   ${EXAMPLE_RULES}:${at.line}:${at.column} chats are accepted\n`);
  });

  it('when a case fails, then its position, what was expected and what was decided are printed, exit 1', async () => {
    const broken = replaceOnce(
      exampleText(),
      'expect: { rule: everything-else, instruction: accept }\n\n  - name: chats',
      'expect: { rule: transfers, instruction: redirect }\n\n  - name: chats',
    );
    const path = tmp.write('rules.yaml', broken);
    const { code, stdout } = await runTests([path]);
    const at = positionOf(broken, '- name: a transfer whose call sid', 2);
    const total = loadRules(EXAMPLE_RULES).testResults.length;
    expect(stdout).toBe(
      [
        `FAIL ${path}:${at.line}:${at.column} a transfer whose call sid is not a CallSid cannot be redirected, so it is accepted`,
        '     expected rule "transfers" but got "everything-else"',
        '     expected instruction "redirect" but got "accept"',
        '     decided: everything-else → accept {} (async)',
        `${total - 1} passed, 1 failed`,
        '',
      ].join('\n'),
    );
    expect(code).toBe(1);
  });

  it('when the decided instruction has a secret param, then it is masked in the failure', async () => {
    const path = tmp.write('secret.yaml', SECRET_RULES);
    const { code, stdout } = await runTests([path]);
    expect(stdout).toContain('expected rule null but got "sip-conference"');
    expect(stdout).toContain('"sipAuthPassword":"[secret]"');
    expect(stdout).not.toContain('hunter2-secret');
    expect(code).toBe(1);
  });

  it('when the rules do not load, then the problems are printed as by rules check, exit 1', async () => {
    const broken = replaceOnce(exampleText(), '      timeout: 25\n', '      timout: 25\n');
    const path = tmp.write('rules.yaml', broken);
    const { code, stdout } = await runTests([path]);
    const at = positionOf(broken, 'timout');
    expect(stdout).toContain(
      `${path}:${at.line}:${at.column} [enqueued-calls] unknown key 'timout'\n`,
    );
    expect(stdout).toContain("  hint: did you mean 'timeout'?");
    expect(stdout.endsWith('1 problem\n')).toBe(true);
    expect(code).toBe(1);
  });

  it('when the file has no tests, then that is said, exit 0', async () => {
    const path = tmp.write(
      'bare.yaml',
      'version: 1\nrules:\n  - name: all\n    instruction: accept\n',
    );
    const { code, stdout } = await runTests([], { RULES_PATH: path });
    expect(stdout).toBe(`no test cases in ${path} (add a tests: section)\n0 passed, 0 failed\n`);
    expect(code).toBe(0);
  });

  it('when called with an unknown option, then it is a usage error, exit 2', async () => {
    const { code, stderr } = await runTests(['--nope']);
    expect(stderr).toContain('run `taskrouter-assigner rules test --help` for usage');
    expect(code).toBe(2);
  });
});
