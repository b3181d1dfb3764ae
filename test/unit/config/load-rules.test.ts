import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRules, rulesVersion } from '../../../src/config/load-rules.js';
import { formatRulesProblems, RulesLoadError } from '../../../src/config/rules-load-error.js';
import type { RulesProblem } from '../../../src/rules/compile/rules-problem.js';

const fixtures = join(import.meta.dirname, '../../fixtures/rules');
const fixture = (name: string): string => join(fixtures, name);

/** The problems of a load that must fail. */
function problemsLoading(path: string): readonly RulesProblem[] {
  try {
    loadRules(path);
  } catch (error) {
    if (error instanceof RulesLoadError) {
      return error.problems;
    }
    throw error;
  }
  throw new Error(`${path} loaded`);
}

describe('loadRules', () => {
  it('when the file is valid, then its rules, version and passing tests come back', () => {
    const loaded = loadRules(fixture('valid.yaml'));
    expect(loaded.files).toEqual([fixture('valid.yaml')]);
    expect(
      loaded.ruleSet.rules.map((rule) => [rule.name, rule.source.line, rule.source.column]),
    ).toEqual([
      ['voice', 4, 5],
      ['vip-chat', 7, 5],
    ]);
    expect(loaded.ruleSet.version).toMatch(/^[0-9a-f]{12}$/);
    expect(loaded.ruleSet.defaults).toEqual({
      mode: 'async',
      reservationTimeout: 60,
      onNoMatch: 'reject',
    });
    expect(loaded.tests).toHaveLength(2);
    expect(loaded.testResults.map((result) => result.passed)).toEqual([true, true]);
    expect(Object.isFrozen(loaded)).toBe(true);
  });

  it('when a folder is given, then its rules files are read in name order and others are skipped', () => {
    const loaded = loadRules(fixture('folder'));
    expect(loaded.files).toEqual([fixture('folder/10-base.yaml'), fixture('folder/20-more.yml')]);
    expect(loaded.ruleSet.rules.map((rule) => [rule.name, rule.mode, rule.source.file])).toEqual([
      ['vip', 'inline', fixture('folder/10-base.yaml')],
      ['everything-else', 'inline', fixture('folder/20-more.yml')],
    ]);
    expect(loaded.ruleSet.workflows).toEqual({
      WW0123456789abcdef0123456789abcdef: { reservationTimeout: 30 },
    });
    expect(loaded.testResults.every((result) => result.passed)).toBe(true);
  });

  it('when files of a folder conflict, then the problems name both files, JSON included', () => {
    expect(problemsLoading(fixture('folder-conflict'))).toEqual([
      {
        file: fixture('folder-conflict/b.json'),
        line: 3,
        column: 80,
        path: 'workflows.WW0123456789abcdef0123456789abcdef.reservationTimeout',
        message: `workflows.WW0123456789abcdef0123456789abcdef.reservationTimeout is 45 here but 30 at ${fixture('folder-conflict/a.yaml')}:3:61`,
        hint: 'set it in one file only',
      },
      {
        file: fixture('folder-conflict/b.json'),
        line: 4,
        column: 23,
        rule: 'vip',
        path: 'rules[0].name',
        message: `duplicate rule name 'vip' (first at ${fixture('folder-conflict/a.yaml')}:5:5)`,
        hint: 'rule names must be unique across all files',
      },
    ]);
  });

  it('when the file is empty, then the problem says so at 1:1', () => {
    expect(problemsLoading(fixture('empty.yaml'))).toEqual([
      {
        file: fixture('empty.yaml'),
        line: 1,
        column: 1,
        path: '',
        message: 'empty rules file',
        hint: 'start it with version: 1 and a rules: list',
      },
    ]);
  });

  it('when the YAML is malformed, then each syntax error is a problem with its position', () => {
    const file = fixture('malformed.yaml');
    expect(problemsLoading(file)).toEqual([
      { file, line: 6, column: 5, path: '', message: 'YAML: Map keys must be unique' },
      { file, line: 8, column: 1, path: '', message: 'YAML: Sequence item without - indicator' },
      { file, line: 10, column: 1, path: '', message: 'YAML: Missing closing "quote' },
    ]);
  });

  it('when one file of a folder is malformed, then only syntax problems are reported', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rules-'));
    writeFileSync(join(dir, 'a.yaml'), 'version: 1\nrules:\n  - name: x\n    instruction: nope\n');
    writeFileSync(join(dir, 'b.yaml'), 'version: 1\nrules: [\n');
    expect(problemsLoading(dir)).toEqual([
      expect.objectContaining({
        file: join(dir, 'b.yaml'),
        message: expect.stringMatching(/^YAML: /),
      }),
    ]);
  });

  it('when an expression uses an operator TaskRouter does not have, then the problem points at it', () => {
    expect(problemsLoading(fixture('unknown-operator.yaml'))).toEqual([
      {
        file: fixture('unknown-operator.yaml'),
        line: 4,
        column: 50,
        rule: 'spanish',
        path: 'rules[0].when',
        message: "expected AND, OR or the end of the expression but found 'LIKE'",
      },
    ]);
  });

  it('when a JSON file has an error, then it is positioned like YAML', () => {
    expect(problemsLoading(fixture('valid.json'))).toEqual([
      expect.objectContaining({
        file: fixture('valid.json'),
        line: 5,
        column: 46,
        rule: 'broken',
        message: "unexpected character '='",
      }),
    ]);
  });

  it("when the file's own tests fail, then loading fails at the failing case", () => {
    expect(problemsLoading(fixture('failing-tests.yaml'))).toEqual([
      {
        file: fixture('failing-tests.yaml'),
        line: 7,
        column: 5,
        path: 'tests[0]',
        message: `test 'chat is not voice' failed: expected rule "voice" but got null`,
      },
    ]);
    expect(loadRules(fixture('failing-tests.yaml'), { runTests: false }).testResults).toEqual([]);
  });

  it('when the path does not exist, then the problem says the rules cannot be read', () => {
    const missing = fixture('missing.yaml');
    expect(problemsLoading(missing)).toEqual([
      {
        file: missing,
        line: 1,
        column: 1,
        path: '',
        message: expect.stringContaining('cannot read rules: ENOENT'),
        hint: 'check RULES_PATH',
      },
    ]);
  });

  it('when the folder has no rules files, then that is a problem', () => {
    const empty = mkdtempSync(join(tmpdir(), 'rules-'));
    expect(problemsLoading(empty)).toEqual([
      expect.objectContaining({ message: 'no rules files found' }),
    ]);
  });

  it('when tests without `at` are run, then the given now is used', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rules-'));
    const file = join(dir, 'rules.yaml');
    writeFileSync(
      file,
      'version: 1\nrules:\n  - name: office\n    when: within("Mon-Fri 09:00-17:00", "UTC")\n    instruction: accept\ntests:\n  - expect: { rule: office }\n',
    );
    expect(loadRules(file, { now: Date.UTC(2024, 0, 15, 10) }).testResults[0]?.passed).toBe(true);
    expect(() => loadRules(file, { now: Date.UTC(2024, 0, 14, 10) })).toThrow(RulesLoadError);
  });
});

describe('rulesVersion', () => {
  it('when names or contents change, then the version changes; otherwise it is stable', () => {
    const base = rulesVersion([{ file: '/a/rules.yaml', text: 'x' }]);
    expect(rulesVersion([{ file: '/b/rules.yaml', text: 'x' }])).toBe(base);
    expect(rulesVersion([{ file: '/a/other.yaml', text: 'x' }])).not.toBe(base);
    expect(rulesVersion([{ file: '/a/rules.yaml', text: 'y' }])).not.toBe(base);
    expect(rulesVersion([{ file: 'a', text: 'bc' }])).not.toBe(
      rulesVersion([{ file: 'ab', text: 'c' }]),
    );
  });
});

describe('RulesLoadError', () => {
  it('when thrown, then its message lists every problem as file:line:column [rule] message (hint)', () => {
    const error = new RulesLoadError('config/rules', [
      {
        file: 'a.yaml',
        line: 3,
        column: 9,
        path: 'defaults.mode',
        message: 'bad mode',
        hint: "did you mean 'async'?",
      },
      {
        file: 'b.yaml',
        line: 7,
        column: 5,
        rule: 'vip',
        path: 'rules[0]',
        message: 'rule without an instruction',
      },
    ]);
    expect(error.message).toBe(
      [
        'rules at config/rules are invalid (2 problems):',
        "a.yaml:3:9 bad mode (did you mean 'async'?)",
        'b.yaml:7:5 [vip] rule without an instruction',
      ].join('\n'),
    );
    expect(error).toMatchObject({ name: 'RulesLoadError', code: 'ERR_RULES_INVALID' });
    expect(
      new RulesLoadError('x', [{ file: 'f', line: 1, column: 1, path: '', message: 'm' }]).message,
    ).toBe('rules at x are invalid (1 problem):\nf:1:1 m');
    expect(formatRulesProblems([])).toBe('');
  });
});

describe('the shipped rules files', () => {
  it.each(['../../../config/rules.yaml', '../../../config/examples/business-hours.yaml'])(
    'when %s is loaded, then its own tests pass',
    (path) => {
      const loaded = loadRules(join(import.meta.dirname, path));
      expect(loaded.tests.length).toBeGreaterThan(5);
      expect(loaded.testResults.filter((result) => !result.passed)).toEqual([]);
    },
  );

  it('when config/rules.yaml is loaded, then it uses every instruction', () => {
    const { ruleSet } = loadRules(join(import.meta.dirname, '../../../config/rules.yaml'));
    expect(new Set(ruleSet.rules.map((rule) => rule.instruction))).toEqual(
      new Set(['accept', 'reject', 'conference', 'dequeue', 'call', 'redirect']),
    );
  });
});
