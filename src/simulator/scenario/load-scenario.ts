import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument, type Document } from 'yaml';
import type { ScenarioIssue } from './compile-attributes.js';
import { compileScenario, type Scenario } from './compile-scenario.js';
import { ScenarioError } from './scenario-error.js';
import { scenarioSchema } from './scenario-schema.js';

/**
 * Parses and checks a scenario (YAML, or JSON, which is YAML too). Every problem is reported at
 * once, each with its line, column and path, e.g.
 * `scenario.yaml:14:7 taskTypes[0].attributes.language.$weights: must be 2 non-negative numbers`.
 *
 * @throws ScenarioError
 */
export function parseScenario(text: string, source = 'scenario'): Scenario {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new ScenarioError(
      source,
      doc.errors.map((e) => {
        const pos = lines.linePos(e.pos[0]);
        return `${source}:${pos.line}:${pos.col} ${e.message}`;
      }),
    );
  }
  const parsed = scenarioSchema.safeParse(doc.toJS());
  const issues: ScenarioIssue[] = parsed.success
    ? []
    : parsed.error.issues.map((i) => ({
        path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
        message: i.message,
      }));
  const scenario = parsed.success ? compileScenario(parsed.data, issues) : undefined;
  if (!scenario || issues.length > 0) {
    throw new ScenarioError(
      source,
      issues.map((i) => `${where(doc, lines, source, i.path)} ${formatPath(i.path)}: ${i.message}`),
    );
  }
  return scenario;
}

/** Reads a scenario file. @throws ScenarioError, or the read error. */
export async function loadScenario(path: string): Promise<Scenario> {
  return parseScenario(await readFile(path, 'utf8'), path);
}

/** The position of the deepest node the path reaches (a missing key points at its parent). */
function where(
  doc: Document,
  lines: LineCounter,
  source: string,
  path: readonly (string | number)[],
): string {
  for (let n = path.length; n >= 0; n -= 1) {
    const node = doc.getIn(path.slice(0, n), true) as
      { range?: [number, number, number] } | undefined;
    if (node?.range) {
      const pos = lines.linePos(node.range[0]);
      return `${source}:${pos.line}:${pos.col}`;
    }
  }
  return source;
}

function formatPath(path: readonly (string | number)[]): string {
  return (
    path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('') ||
    '(top level)'
  );
}
