import { describe, expect, it } from 'vitest';
import { parseProcfile } from './file-parsers.js';
import {
  builtFilesNamedIn,
  fileExists,
  packageJson,
  readText,
  sourceOfBuilt,
} from './project-facts.js';

const procfile = parseProcfile(readText('Procfile'));
const { scripts } = packageJson();

describe('Procfile', () => {
  it('declares web and worker (design.md §2)', () => {
    expect([...procfile.keys()].sort()).toEqual(['web', 'worker']);
  });

  it.each([...procfile])('%s: runs an entry file that exists in src/', (_name, command) => {
    const built = builtFilesNamedIn(command);
    expect(built, `no dist/*.js in "${command}"`).toHaveLength(1);
    expect(fileExists(sourceOfBuilt(built[0]!)), `${sourceOfBuilt(built[0]!)} is missing`).toBe(
      true,
    );
  });

  it.each([...procfile])(
    '%s: is the same command as its npm script (start:web, start:worker)',
    (name, command) => {
      expect(scripts[`start:${name}`]).toBe(command);
    },
  );
});
