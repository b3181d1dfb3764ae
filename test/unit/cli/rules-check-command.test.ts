import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRulesCheckCommand } from '../../../src/cli/rules/check-command.js';
import { loadRules } from '../../../src/config/load-rules.js';
import { captureIo } from '../../support/capture-io.js';
import {
  EXAMPLE_RULES,
  exampleText,
  positionOf,
  replaceOnce,
  tempDir,
} from '../../support/rules-copies.js';

async function check(argv: string[], env: Record<string, string> = {}) {
  const out = captureIo(env);
  const code = await createRulesCheckCommand(out.io)(argv);
  return { code, stdout: out.stdout(), stderr: out.stderr() };
}

/** The three lines of a problem: header, source line, caret line. */
function problemBlock(stdout: string, header: string): string[] {
  const lines = stdout.split('\n');
  const at = lines.findIndex((line) => line.startsWith(header));
  expect(at, `no line starting with ${header} in:\n${stdout}`).toBeGreaterThanOrEqual(0);
  return lines.slice(at, at + 4);
}

/** The column the caret of a printed problem points at, in the printed source line's terms. */
function caretColumn(block: string[]): { source: string; column: number } {
  const [, source = '', caret = ''] = block;
  const prefix = source.indexOf('| ') + 2;
  return { source: source.slice(prefix), column: caret.indexOf('^') - prefix + 1 };
}

// Example rules files are those with a top-level `rules:` (the scenario and alert files are not).
const EXAMPLE_FILES = [
  EXAMPLE_RULES,
  ...readdirSync('config/examples')
    .filter((name) => /\.ya?ml$/.test(name))
    .map((name) => join('config/examples', name))
    .filter((path) => /^rules:/m.test(readFileSync(path, 'utf8'))),
];

describe('rules check', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    tmp = tempDir();
  });
  afterEach(() => tmp.dispose());

  it.each(EXAMPLE_FILES)(
    'when %s is checked, then it loads and its tests pass (warnings allowed)',
    async (path) => {
      const loaded = loadRules(path);
      const { code, stdout } = await check([path]);
      const warned = loaded.warnings.length === 0 ? '' : `, ${loaded.warnings.length} warning`;
      expect(stdout).toMatch(
        `ok: ${loaded.ruleSet.rules.length} rules in 1 file, ${loaded.testResults.length} tests passed${warned}`,
      );
      expect(code).toBe(0);
    },
  );

  it('when a template is risky, then it is printed as a warning and fails only with --strict', async () => {
    const path = tmp.write(
      'risky.yaml',
      'version: 1\nrules:\n  - name: dial\n    instruction: call\n    params:\n      from: "+18005550100"\n      url: https://twiml.example.com/a\n      to: "{{task.x}}"\n',
    );
    const relaxed = await check([path]);
    expect(relaxed.stdout).toContain(
      'risky.yaml:8:11 [dial] warning: to: {{task.x}} chooses who is dialled',
    );
    expect(relaxed.stdout).toMatch(/\nok: 1 rule in 1 file, 0 tests passed, 1 warning\n$/);
    expect(relaxed.code).toBe(0);
    const strict = await check([path, '--strict']);
    expect(strict.stdout).toMatch(
      /\nfailed \(--strict\): 1 rule in 1 file, 0 tests passed, 1 warning\n$/,
    );
    expect(strict.code).toBe(1);
  });

  it('when no PATH is given, then RULES_PATH is checked, else config/rules.yaml', async () => {
    const path = tmp.write(
      'only.yaml',
      'version: 1\nrules:\n  - name: all\n    instruction: accept\n',
    );
    expect((await check([], { RULES_PATH: path })).stdout).toBe(
      'ok: 1 rule in 1 file, 0 tests passed\n',
    );
    expect((await check([])).stdout).toMatch(
      /(^|\n)ok: \d+ rules in 1 file, \d+ tests passed(, \d+ warnings?)?\n$/,
    );
  });

  interface BrokenCase {
    readonly kind: string;
    readonly from: string;
    readonly to: string;
    /** Where the problem is in the broken copy: a needle and an offset into it. */
    readonly at: readonly [string, number];
    readonly rule: string | null;
    readonly message: string;
    readonly hint?: string;
  }

  it.each<BrokenCase>([
    {
      kind: 'YAML syntax (an unclosed quote)',
      from: 'from: "+18005550100"\n      to: "{{worker',
      to: 'from: "+18005550100\n      to: "{{worker',
      at: ['from: "+18005550100\n', 'from: "+18005550100'.length],
      rule: null,
      message: 'YAML: Missing closing "quote',
    },
    {
      kind: 'an unknown param, with the right name suggested',
      from: '      timeout: 25\n',
      to: '      timout: 25\n',
      at: ['timout: 25', 0],
      rule: 'enqueued-calls',
      message: "unknown key 'timout'",
      hint: "did you mean 'timeout'?",
    },
    {
      kind: 'an unknown rule key, with the right name suggested',
      from: '    instruction: redirect',
      to: '    instrution: redirect',
      at: ['instrution: redirect', 0],
      rule: 'transfers',
      message: "unknown key 'instrution'",
      hint: "did you mean 'instruction'?",
    },
    {
      kind: 'an expression error, pointed at the token',
      from: 'task.language IN ["es"',
      to: 'task.language INN ["es"',
      at: ['INN', 0],
      rule: 'spanish-voice',
      message: "expected AND, OR or the end of the expression but found 'INN'",
    },
    {
      kind: 'an unterminated string in an expression',
      from: 'task.type == "callback"',
      to: 'task.type == "callback',
      at: ['"callback AND', 0],
      rule: 'callback-requests',
      message: 'unterminated string: expected a closing "',
    },
    {
      kind: 'an unknown instruction',
      from: '    instruction: dequeue\n    params:',
      to: '    instruction: dequeu\n    params:',
      at: ['dequeu\n', 0],
      rule: 'enqueued-calls',
      message:
        'expected one of accept, reject, conference, dequeue, call, redirect but found the string "dequeu"',
      hint: "did you mean 'dequeue'?",
    },
    {
      kind: 'a param of the wrong type',
      from: '      timeout: 25\n',
      to: '      timeout: soon\n',
      at: ['timeout: soon', 'timeout: '.length],
      rule: 'enqueued-calls',
      message: 'expected a whole number ≥ 0 but found the string "soon"',
    },
    {
      kind: 'a missing required param',
      from: '      url: https://assigner.example.com/twiml/callback?task={{callback.TaskSid}}\n',
      to: '',
      at: [
        '    params:\n      from: "+18005550100"\n      to: "{{worker.contact_uri}}"\n      accept',
        4,
      ],
      rule: 'callback-requests',
      message: "call requires the param 'url'",
    },
    {
      kind: 'a failing test case',
      from: 'expect: { rule: everything-else, instruction: accept }\n\n  - name: chats',
      to: 'expect: { rule: transfers }\n\n  - name: chats',
      at: ['- name: a transfer whose call sid', 2],
      rule: null,
      message:
        'test \'a transfer whose call sid is not a CallSid cannot be redirected, so it is accepted\' failed: expected rule "transfers" but got "everything-else"',
    },
  ])(
    'when a copy has $kind, then file:line:column [rule] and the source line with a caret are printed, exit 1',
    async (c) => {
      const broken = replaceOnce(exampleText(), c.from, c.to);
      const path = tmp.write('rules.yaml', broken);
      const { code, stdout } = await check([path]);
      const { line, column } = positionOf(broken, c.at[0], c.at[1]);
      const rule = c.rule === null ? '' : ` [${c.rule}]`;
      const block = problemBlock(stdout, `${path}:${line}:${column}${rule} ${c.message}`);
      expect(block[0]).toBe(`${path}:${line}:${column}${rule} ${c.message}`);
      const caret = caretColumn(block);
      expect(caret.source).toBe(broken.split('\n')[line - 1]);
      expect(caret.column).toBe(column);
      if (c.hint !== undefined) {
        expect(stdout).toContain(`  hint: ${c.hint}`);
      }
      expect(stdout).toMatch(/\n\d+ problems?\n$/);
      expect(code).toBe(1);
    },
  );

  it('when the caret points into an expression, then it sits under the offending token', async () => {
    const broken = replaceOnce(exampleText(), 'task.language IN ["es"', 'task.language INN ["es"');
    const path = tmp.write('rules.yaml', broken);
    const { stdout } = await check([path]);
    const { line, column } = positionOf(broken, 'INN');
    const [, source = '', caret = ''] = problemBlock(stdout, `${path}:${line}:${column}`);
    expect(source.slice(caret.indexOf('^'), caret.indexOf('^') + 3)).toBe('INN');
    expect(stdout.endsWith('\n1 problem\n')).toBe(true);
  });

  it('when a folder has two files that name a rule twice and disagree on a workflow, then both problems name their files', async () => {
    const first = tmp.write('folder/10-main.yaml', exampleText());
    const second = tmp.write(
      'folder/20-more.yaml',
      [
        'version: 1',
        'workflows:',
        '  WW0123456789abcdef0123456789abcdef: { reservationTimeout: 45 }',
        'rules:',
        '  - name: everything-else',
        '    instruction: accept',
        '',
      ].join('\n'),
    );
    const { code, stdout } = await check([join(tmp.dir, 'folder')]);
    const firstAt = positionOf(exampleText(), '- name: everything-else', 2);
    const firstTimeout = positionOf(
      exampleText(),
      'reservationTimeout: 30 }',
      'reservationTimeout: '.length,
    );
    const text = readFileSync(second, 'utf8');
    const dup = positionOf(text, 'everything-else');
    const conflict = positionOf(text, '45 }');
    expect(stdout).toContain(
      `${second}:${conflict.line}:${conflict.column} workflows.WW0123456789abcdef0123456789abcdef.reservationTimeout is 45 here but 30 at ${first}:${firstTimeout.line}:${firstTimeout.column}\n`,
    );
    expect(stdout).toContain(
      `${second}:${dup.line}:${dup.column} [everything-else] duplicate rule name 'everything-else' (first at ${first}:${firstAt.line}:${firstAt.column})\n`,
    );
    expect(stdout).toContain('  hint: rule names must be unique across all files');
    expect(stdout.endsWith('\n2 problems\n')).toBe(true);
    expect(code).toBe(1);
  });

  it('when the path does not exist, then that is the problem, exit 1', async () => {
    const path = join(tmp.dir, 'missing.yaml');
    const { code, stdout } = await check([path]);
    expect(stdout).toMatch(new RegExp(`^${path}:1:1 cannot read rules: ENOENT`));
    expect(stdout).toContain('  hint: check RULES_PATH');
    expect(code).toBe(1);
  });

  it.each([
    [['--bogus'], /Unknown option '--bogus'/],
    [['a.yaml', 'b.yaml'], /one PATH at most/],
    [['--at', 'tomorrow'], /--at must be an ISO 8601 time with an offset/],
  ])('when called with %j, then it is a usage error, exit 2', async (argv, message) => {
    const { code, stdout, stderr } = await check(argv);
    expect(stderr).toMatch(message);
    expect(stderr).toContain('run `taskrouter-assigner rules check --help` for usage');
    expect(stdout).toBe('');
    expect(code).toBe(2);
  });

  it('when asked for help, then the usage is printed, exit 0', async () => {
    const { code, stdout } = await check(['--help']);
    expect(stdout).toMatch(/^Usage: taskrouter-assigner rules check \[PATH\]/);
    expect(code).toBe(0);
  });
});
