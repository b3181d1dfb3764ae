import { describe, expect, it } from 'vitest';
import { envVarNames, readText } from '../deploy/project-facts.js';

const FILE = 'docs/configuration.md';
const rows = readText(FILE)
  .split('\n')
  .filter((line) => line.startsWith('| `'));

describe(FILE, () => {
  it.each([...envVarNames()])(
    'when the environment schema reads %s, then a table row documents it',
    (name) => {
      expect(rows.some((row) => row.split('|')[1]!.includes(`\`${name}\``))).toBe(true);
    },
  );
});
