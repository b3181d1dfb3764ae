import { readdirSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ROOT,
  fileExists,
  npmScriptsNamedIn,
  packageJson,
  readText,
} from '../deploy/project-facts.js';

const README = readText('README.md');

/** Three screens of a terminal: the README is the page a newcomer reads to the end. */
const README_MAX_LINES = 150;

/** The pages the README sends readers to for everything it no longer says itself. */
const PAGES = [
  'docs/configuration.md',
  'docs/rules.md',
  'docs/cli.md',
  'docs/guarantees.md',
  'docs/http.md',
  'docs/operations.md',
  'docs/deployment.md',
  'docs/performance.md',
  'docs/development.md',
];

function folders(rel: string): string[] {
  const out: string[] = [rel];
  for (const entry of readdirSync(join(ROOT, rel), { withFileTypes: true })) {
    if (entry.isDirectory()) {
      out.push(...folders(`${rel}/${entry.name}`));
    }
  }
  return out;
}

/** The text of a `## Title` section, up to the next heading of level 2 or above. */
function section(text: string, title: string): string {
  const start = text.indexOf(`\n## ${title}\n`);
  expect(start, `no "## ${title}" section`).toBeGreaterThanOrEqual(0);
  const next = text.indexOf('\n## ', start + 1);
  return text.slice(start, next < 0 ? text.length : next);
}

/** Relative link targets of a Markdown text, without their #anchor. */
function relativeLinks(text: string): string[] {
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => m[1]!)
    .filter((target) => !/^[a-z]+:/.test(target) && !target.startsWith('#'))
    .map((target) => target.split('#')[0]!);
}

describe('README.md', () => {
  it(`fits in ${README_MAX_LINES} lines`, () => {
    expect(README.split('\n').length).toBeLessThanOrEqual(README_MAX_LINES);
  });

  it('lists every folder of src/ in its layout section, one line each', () => {
    const layout = section(README, 'Layout').split('\n');
    const missing = folders('src')
      .slice(1)
      .filter((dir) => !layout.some((line) => line.startsWith(`${dir}/ `)));
    expect(missing).toEqual([]);
  });

  it('links to every documentation page', () => {
    for (const page of PAGES) {
      expect(README, page).toContain(`](${page})`);
    }
  });

  it('names only npm scripts package.json defines', () => {
    const { scripts } = packageJson();
    expect(npmScriptsNamedIn(README).filter((s) => !(s in scripts))).toEqual([]);
  });
});

describe.each(['README.md', ...PAGES])('%s', (file) => {
  it('links only to files that exist', () => {
    const text = readText(file);
    const broken = relativeLinks(text)
      .filter((target) => target !== '')
      .map((target) => posix.normalize(posix.join(dirname(file), target)))
      .filter((target) => !fileExists(target));
    expect(broken).toEqual([]);
  });
});
