/**
 * Rules file text (YAML, or JSON read as YAML, its superset) → a RulesDocument whose `locate`
 * maps data paths back to lines and columns through the YAML syntax tree.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { LocateOptions, RulesDocument } from '../rules/compile/rules-document.js';
import type { DataPath, RulesProblem, SourcePosition } from '../rules/compile/rules-problem.js';
import { scalarOffset } from './scalar-offset.js';

/** One parsed file. */
export interface ParsedRulesText {
  readonly document: RulesDocument;
  /** YAML syntax errors (duplicate keys, bad indentation, unclosed quotes…), positioned. */
  readonly problems: readonly RulesProblem[];
}

interface Found {
  readonly node: Node | null;
  readonly key: Node | null;
}

function find(root: Node | null, path: DataPath): Found | undefined {
  let found: Found = { node: root, key: null };
  for (const segment of path) {
    const { node } = found;
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isScalar(item.key) && String(item.key.value) === String(segment),
      );
      if (pair === undefined) {
        return undefined;
      }
      found = { node: pair.value as Node | null, key: pair.key as Node };
    } else if (isSeq(node) && typeof segment === 'number') {
      found = { node: (node.items[segment] as Node | undefined) ?? null, key: null };
    } else {
      return undefined;
    }
  }
  return found;
}

function offsetOf(text: string, found: Found, options: LocateOptions): number | undefined {
  const { node, key } = found;
  const empty = node === null || (isScalar(node) && node.value === null && node.source === '');
  if ((options.key === true || empty) && key !== null) {
    return key.range?.[0];
  }
  if (options.offset !== undefined && isScalar(node) && typeof node.value === 'string') {
    return scalarOffset(text, node, options.offset);
  }
  return node?.range?.[0];
}

function createLocate(text: string, parsed: Document, lines: LineCounter): RulesDocument['locate'] {
  return (path, options = {}): SourcePosition | undefined => {
    const found = find(parsed.contents, path);
    const offset = found === undefined ? undefined : offsetOf(text, found, options);
    if (offset === undefined) {
      return undefined;
    }
    const { line, col } = lines.linePos(offset);
    return { line, column: col };
  };
}

/** Parses one file's text; `file` is the name problems will carry. */
export function parseRulesText(file: string, text: string): ParsedRulesText {
  const lines = new LineCounter();
  const parsed = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const problems = parsed.errors.map((error): RulesProblem => {
    const { line, col } = lines.linePos(error.pos[0]);
    return { file, line, column: col, path: '', message: `YAML: ${error.message}` };
  });
  // Aliases are expanded by toJS; its default alias budget stops "billion laughs" documents.
  const data: unknown = problems.length > 0 ? null : parsed.toJS();
  return { document: { file, data, locate: createLocate(text, parsed, lines) }, problems };
}
