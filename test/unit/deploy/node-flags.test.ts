import { spawnSync } from 'node:child_process';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import {
  commandWords,
  parseDockerfile,
  parseProcfile,
  parseUnitFile,
  unitValue,
} from './file-parsers.js';
import { HEAP_FLAG, NODE_FLAGS, packageJson, readText } from './project-facts.js';

const procfile = parseProcfile(readText('Procfile'));
const { scripts } = packageJson();
const compose = parse(readText('docker-compose.yml'), { merge: true }) as {
  services: Record<string, { command?: string[] }>;
};
const dockerCmd = parseDockerfile(readText('Dockerfile'))
  .at(-1)!
  .instructions.filter((i) => i.keyword === 'CMD')
  .at(-1)!;
const unitExec = (name: string) =>
  unitValue(
    parseUnitFile(readText(`deploy/systemd/taskrouter-assigner-${name}.service`)),
    'Service',
    'ExecStart',
  ) ?? '';

// Without the heap ceiling a process's RSS climbs to ~220 MB at 1,000/s before V8 collects its
// old generation (issue 11's ceiling is 150 MB); without the other two the first seconds of a jump
// to 1,000/s have a p99 of hundreds of ms. Every way of running the service in production sets them.
describe(`the node flags (${NODE_FLAGS.join(' ')})`, () => {
  it.each([
    ['Procfile web', procfile.get('web')],
    ['Procfile worker', procfile.get('worker')],
    ['npm run start:web', scripts['start:web']],
    ['npm run start:worker', scripts['start:worker']],
    ['docker-compose web', compose.services.web?.command?.join(' ')],
    ['docker-compose worker', compose.services.worker?.command?.join(' ')],
    ['Dockerfile CMD', commandWords(dockerCmd.args).join(' ')],
    ['systemd web', unitExec('web')],
    ['systemd worker', unitExec('worker')],
  ])('%s passes them to node before the entry file', (_where, command) => {
    const words = (command ?? '').split(' ');
    const entry = words.findIndex((w) => w.endsWith('.js'));
    for (const flag of NODE_FLAGS) {
      expect(words.indexOf(flag), `${flag} in ${command}`).toBeGreaterThan(0);
      expect(words.indexOf(flag)).toBeLessThan(entry);
    }
  });

  it('are all accepted by this node, silently (a V8 flag a later node dropped would stop the process)', () => {
    const run = spawnSync(process.execPath, [...NODE_FLAGS, '-e', '0'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('are explained where operators look for them', () => {
    const doc = readText('docs/deployment.md');
    for (const flag of [HEAP_FLAG, ...NODE_FLAGS]) {
      expect(doc).toContain(flag);
    }
  });
});
