/**
 * Broken copies of the example rules for the `rules` command tests: each breaks one thing by
 * replacing exact text, so the expected line and column are computed from the copy itself.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const EXAMPLE_RULES = 'config/rules.yaml';
export const exampleText = (): string => readFileSync(EXAMPLE_RULES, 'utf8');

/** A throwaway folder, removed by `dispose`. */
export function tempDir() {
  const dir = mkdtempSync(join(tmpdir(), 'tra-rules-cli-'));
  return {
    dir,
    /** Writes `text` to `name` (folders created) and returns its path. */
    write(name: string, text: string): string {
      const path = join(dir, name);
      mkdirSync(join(path, '..'), { recursive: true });
      writeFileSync(path, text);
      return path;
    },
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** `text` with `from` (which must occur exactly once) replaced by `to`. */
export function replaceOnce(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + 1) >= 0) {
    throw new Error(`expected exactly one ${JSON.stringify(from)} in the example rules`);
  }
  return text.slice(0, at) + to + text.slice(at + from.length);
}

/** The 1-based line and column of `needle` (its first occurrence) in `text`, plus `offset` characters. */
export function positionOf(
  text: string,
  needle: string,
  offset = 0,
): { line: number; column: number } {
  const at = text.indexOf(needle);
  if (at < 0) {
    throw new Error(`${JSON.stringify(needle)} not found`);
  }
  const before = text.slice(0, at + offset);
  const line = before.split('\n').length;
  return { line, column: before.length - before.lastIndexOf('\n') };
}
