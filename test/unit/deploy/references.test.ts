import { describe, expect, it } from 'vitest';
import {
  builtFilesNamedIn,
  fileExists,
  npmScriptsNamedIn,
  packageJson,
  readText,
  sourceOfBuilt,
} from './project-facts.js';

// Every deployment file, checked for the commands it names: a renamed npm script or entry file
// must fail here rather than in someone's production start-up.
const FILES = [
  'Procfile',
  'Dockerfile',
  'docker-compose.yml',
  'deploy/systemd/taskrouter-assigner-web.service',
  'deploy/systemd/taskrouter-assigner-worker.service',
  'deploy/systemd/taskrouter-assigner.env.example',
  'config/examples/prometheus-alerts.yaml',
  'docs/deployment.md',
];

describe.each(FILES)('%s', (file) => {
  const text = readText(file);

  it('names only npm scripts package.json defines', () => {
    const { scripts } = packageJson();
    expect(npmScriptsNamedIn(text).filter((s) => !(s in scripts))).toEqual([]);
  });

  it('runs only built files whose sources exist', () => {
    const missing = builtFilesNamedIn(text)
      .map(sourceOfBuilt)
      .filter((src) => !fileExists(src));
    expect(missing).toEqual([]);
  });
});

describe('the reference helpers', () => {
  it('find scripts and built files in the forms the deployment files use them', () => {
    expect(npmScriptsNamedIn('run `npm start` or `npm run start:web`; npm test')).toEqual([
      'start:web',
      'start',
      'test',
    ]);
    expect(
      builtFilesNamedIn(
        'ExecStart=/usr/bin/node /opt/app/dist/worker.js\nCMD ["node", "dist/main.js"]',
      ),
    ).toEqual(['dist/worker.js', 'dist/main.js']);
    expect(sourceOfBuilt('dist/entry/run-process.js')).toBe('src/entry/run-process.ts');
  });
});
