/**
 * Rules documents (one per file, in order) → one RuleSet, or every problem found.
 */
import { compileRule, type RuleDraft } from './compile-rule.js';
import { compileSettings, type Settings } from './compile-settings.js';
import type { DocumentSections } from './read-fields.js';
import { compileTests } from '../tests/compile-tests.js';
import { createRuleSet } from '../create-rule-set.js';
import { describeValue, readFields, type Field } from './read-fields.js';
import { createReporter, type Reporter } from './reporter.js';
import type { RuleSet } from '../rule-set.js';
import type { RuleTestCase } from '../tests/rule-test-case.js';
import type { RulesDocument } from './rules-document.js';
import type { RulesProblem } from './rules-problem.js';
import { createClockCache } from '../schedules/zone-clock.js';

/** How to compile a rule set. */
export interface CompileRuleSetOptions {
  /** Identifies the rules' content, e.g. a hash of the files; becomes `RuleSet.version`. */
  readonly version: string;
}

/**
 * A rule set with its test cases and the warnings about it (risky templates), or every error
 * found in the documents.
 */
export type CompileRuleSetResult =
  | {
      readonly ok: true;
      readonly ruleSet: RuleSet;
      readonly tests: readonly RuleTestCase[];
      readonly warnings: readonly RulesProblem[];
    }
  | { readonly ok: false; readonly problems: readonly RulesProblem[] };

const TOP_LEVEL_KEYS = ['version', 'defaults', 'workflows', 'schedules', 'rules', 'tests'];
const SUPPORTED_VERSION = 1;

function readTopLevel(document: RulesDocument, reporter: Reporter): Map<string, Field> {
  if (document.data === null || document.data === undefined) {
    reporter.report([], 'empty rules file', { hint: 'start it with version: 1 and a rules: list' });
    return new Map();
  }
  const sections =
    readFields(reporter, document.data, [], TOP_LEVEL_KEYS) ?? new Map<string, Field>();
  const version = sections.get('version');
  if (version === undefined && sections.size > 0) {
    reporter.report([], 'missing version', { hint: 'add version: 1 at the top' });
  } else if (version !== undefined && version.value !== SUPPORTED_VERSION) {
    reporter.report(version.path, `unsupported version ${describeValue(version.value)}`, {
      hint: 'this service reads version: 1',
    });
  }
  return sections;
}

function compileRules(documents: readonly DocumentSections[], settings: Settings): RuleDraft[] {
  const drafts: RuleDraft[] = [];
  const byName = new Map<string, RuleDraft>();
  for (const { reporter, sections } of documents) {
    const section = sections.get('rules');
    if (section !== undefined && !Array.isArray(section.value)) {
      reporter.report(
        section.path,
        `expected a list of rules but found ${describeValue(section.value)}`,
      );
    }
    const items: unknown[] =
      section !== undefined && Array.isArray(section.value) ? section.value : [];
    items.forEach((item, index) => {
      const draft = compileRule(reporter, item, [...(section?.path ?? []), index], settings);
      const earlier = draft && byName.get(draft.info.name);
      if (draft !== undefined && earlier !== undefined) {
        const { file, line, column } = earlier.info.source;
        reporter.report(
          [...(section?.path ?? []), index, 'name'],
          `duplicate rule name '${draft.info.name}' (first at ${file}:${line}:${column})`,
          { rule: draft.info.name, hint: 'rule names must be unique across all files' },
        );
      } else if (draft !== undefined) {
        byName.set(draft.info.name, draft);
        drafts.push(draft);
      }
    });
  }
  return drafts;
}

function byPosition(order: readonly string[]): (a: RulesProblem, b: RulesProblem) => number {
  return (a, b) =>
    order.indexOf(a.file) - order.indexOf(b.file) || a.line - b.line || a.column - b.column;
}

/**
 * Compiles parsed rules documents into one RuleSet: settings merged across files, rules in file
 * order, test cases checked. All problems are collected, none stops the others being found.
 */
export function compileRuleSet(
  documents: readonly RulesDocument[],
  options: CompileRuleSetOptions,
): CompileRuleSetResult {
  const reported: RulesProblem[] = [];
  const errors = (): RulesProblem[] => reported.filter((p) => p.severity !== 'warning');
  const sections = documents.map((document) => {
    const reporter = createReporter(document, reported);
    return { reporter, sections: readTopLevel(document, reporter) };
  });
  // Only worth saying about files that are otherwise readable (not empty, not broken).
  const readable = errors().length === 0 && documents.length > 0;
  if (readable && !sections.some((document) => document.sections.has('rules'))) {
    sections[0]?.reporter.report([], 'no rules: section in any file', {
      hint: 'add rules: with at least one rule',
    });
  }
  const settings = compileSettings(sections, createClockCache());
  const drafts = compileRules(sections, settings);
  const rules = new Map(drafts.map((draft) => [draft.info.name, draft.info]));
  const tests = sections.flatMap(({ reporter, sections: found }) =>
    compileTests(reporter, found.get('tests'), rules),
  );
  if (documents.length === 0) {
    reported.push({
      file: '(none)',
      line: 1,
      column: 1,
      path: '',
      message: 'no rules files found',
      hint: 'point RULES_PATH at a .yaml, .yml or .json file or a folder of them',
    });
  }
  const order = byPosition(documents.map((document) => document.file));
  const problems = errors();
  if (problems.length > 0) {
    return { ok: false, problems: problems.sort(order) };
  }
  return {
    ok: true,
    ruleSet: createRuleSet(options.version, settings, drafts),
    tests: Object.freeze(tests),
    warnings: Object.freeze(reported.sort(order)),
  };
}
