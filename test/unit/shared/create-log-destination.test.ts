import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogDestination } from '../../../src/shared/create-log-destination.js';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('createLogDestination', () => {
  let dir: string;
  let file: string;
  let fd: number;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tra-log-'));
    file = join(dir, 'out.log');
    fd = openSync(file, 'a');
  });
  afterEach(() => {
    closeSync(fd);
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes the lines of one turn of the event loop together, by the end of that turn', async () => {
    const dest = createLogDestination(fd);
    dest.write('{"msg":"one"}\n');
    dest.write('{"msg":"two"}\n');
    // Nothing yet: the turn that logged them is still running.
    expect(readFileSync(file, 'utf8')).toBe('');
    await nextTurn();
    expect(readFileSync(file, 'utf8')).toBe('{"msg":"one"}\n{"msg":"two"}\n');
    dest.write('{"msg":"three"}\n');
    await nextTurn();
    expect(readFileSync(file, 'utf8')).toBe('{"msg":"one"}\n{"msg":"two"}\n{"msg":"three"}\n');
  });

  it('does not hold a burst: past 8 KB in one turn, lines are written at once', async () => {
    const dest = createLogDestination(fd);
    const line = `${JSON.stringify({ msg: 'x'.repeat(1000) })}\n`;
    for (let i = 0; i < 20; i += 1) {
      dest.write(line);
    }
    expect(readFileSync(file, 'utf8').length).toBeGreaterThanOrEqual(8 * 1024);
    await nextTurn();
    expect(readFileSync(file, 'utf8')).toBe(line.repeat(20));
  });
});

describe('the default logger', () => {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const logger = join(here, '../../../src/shared/logger.ts');
  const run = (code: string) =>
    spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
      encoding: 'utf8',
    });

  it('writes what was logged before process.exit', () => {
    const out = run(
      `import { createLogger } from ${JSON.stringify(logger)};
       const log = createLogger({ level: 'info' });
       log.info('before exit'); log.fatal('the last line');
       process.exit(3);`,
    );
    expect(out.status).toBe(3);
    expect(out.stdout).toContain('"msg":"before exit"');
    expect(out.stdout).toContain('"msg":"the last line"');
  });

  it('writes what was logged before an uncaught exception ends the process', () => {
    const out = run(
      `import { createLogger } from ${JSON.stringify(logger)};
       const log = createLogger({ level: 'info' });
       log.error('about to throw');
       throw new Error('boom');`,
    );
    expect(out.status).not.toBe(0);
    expect(out.stdout).toContain('"msg":"about to throw"');
    expect(out.stderr).toContain('boom');
  });
});
