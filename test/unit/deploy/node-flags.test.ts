import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import {
  commandWords,
  parseDockerfile,
  parseProcfile,
  parseUnitFile,
  unitValue,
} from './file-parsers.js';
import { HEAP_FLAG, packageJson, readText } from './project-facts.js';

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

// Without the flag a process's RSS climbs to ~220 MB at 1,000/s before V8 collects its old
// generation (issue 11's ceiling is 150 MB); every way of running the service in production sets it.
describe(`the heap ceiling (${HEAP_FLAG})`, () => {
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
  ])('%s passes it to node before the entry file', (_where, command) => {
    const words = (command ?? '').split(' ');
    expect(words.indexOf(HEAP_FLAG), command).toBeGreaterThan(0);
    expect(words.indexOf(HEAP_FLAG)).toBeLessThan(words.findIndex((w) => w.endsWith('.js')));
  });

  it('is explained where operators look for it', () => {
    expect(readText('docs/deployment.md')).toContain(HEAP_FLAG);
  });
});
