import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleText, positionOf, replaceOnce, tempDir } from '../support/rules-copies.js';

const exec = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));

async function bin(argv: string[]) {
  try {
    const { stdout, stderr } = await exec(
      process.execPath,
      ['bin/taskrouter-assigner.js', ...argv],
      {
        cwd: root,
        env: { PATH: process.env.PATH ?? '' },
      },
    );
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('rules commands through the real bin', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeAll(() => {
    // `npm test` builds dist/ before running the tests; bin/ runs what was built.
    if (!existsSync(join(root, 'dist/cli.js'))) {
      throw new Error('dist/ is missing: run `npm run build` (npm test does it first)');
    }
    tmp = tempDir();
  });
  afterAll(() => tmp?.dispose());

  it('when check, test and explain run, then their output and exit codes are those of the commands', async () => {
    const clean = await bin(['rules', 'check']);
    expect(clean.stdout).toMatch(
      /(^|\n)ok: \d+ rules in 1 file, \d+ tests passed(, \d+ warnings?)?\n$/,
    );
    expect(clean.code).toBe(0);

    const broken = replaceOnce(exampleText(), 'task.language IN ["es"', 'task.language INN ["es"');
    const path = tmp.write('rules.yaml', broken);
    const { line, column } = positionOf(broken, 'INN');
    const bad = await bin(['rules', 'check', path]);
    expect(bad.stdout).toContain(`${path}:${line}:${column} [spanish-voice] expected AND, OR`);
    expect(bad.stdout).toMatch(/\n {5}\| +\^\n1 problem\n$/);
    expect(bad.code).toBe(1);

    expect((await bin(['rules', 'test', 'config/rules.yaml'])).stdout).toMatch(
      /^\d+ passed, 0 failed\n$/,
    );

    const facts = tmp.write('facts.json', '{"task": {"type": "chat"}}');
    const explained = await bin(['rules', 'explain', '--callback', facts]);
    expect(explained.stdout).toContain('decision: everything-else → accept {}, async');
    expect(explained.stdout).toContain('  ReservationStatus=accepted');
    expect(explained.code).toBe(0);

    expect((await bin(['rules', 'explain'])).code).toBe(2);
  });
});
