import { describe, expect, it } from 'vitest';
import { parseEnvFile, parseProcfile, parseUnitFile, unitValue } from './file-parsers.js';
import {
  builtFilesNamedIn,
  envIntBounds,
  envVarNames,
  fileExists,
  readText,
  sourceOfBuilt,
} from './project-facts.js';

const DIR = 'deploy/systemd';
const ENV_FILE = '/etc/taskrouter-assigner.env';
const procfile = parseProcfile(readText('Procfile'));
const units = ['web', 'worker'].map((name) => ({
  name,
  unit: parseUnitFile(readText(`${DIR}/taskrouter-assigner-${name}.service`)),
}));

describe.each(units)('deploy/systemd/taskrouter-assigner-$name.service', ({ name, unit }) => {
  const service = (key: string) => unitValue(unit, 'Service', key);

  it('has [Unit], [Service] and [Install]', () => {
    expect([...unit.keys()]).toEqual(['Unit', 'Service', 'Install']);
    expect(unitValue(unit, 'Install', 'WantedBy')).toBe('multi-user.target');
  });

  it('starts the entry file the Procfile runs for the same process', () => {
    const exec = service('ExecStart') ?? '';
    expect(exec).toMatch(/^\/\S+\/node /); // systemd wants an absolute path
    const built = builtFilesNamedIn(exec);
    expect(built).toHaveLength(1);
    expect(fileExists(sourceOfBuilt(built[0]!))).toBe(true);
    expect(builtFilesNamedIn(procfile.get(name) ?? '')).toEqual(built);
  });

  it('stops with SIGTERM and allows more than the longest SHUTDOWN_GRACE_MS', () => {
    expect(service('KillSignal')).toBe('SIGTERM');
    expect(service('TimeoutStopSec')).toBe('30');
    expect(Number(service('TimeoutStopSec')) * 1000).toBeGreaterThan(
      envIntBounds('SHUTDOWN_GRACE_MS').max,
    );
  });

  it('restarts always, as a dedicated unprivileged user, with the shared environment file', () => {
    expect(service('Restart')).toBe('always');
    expect(service('User')).toBe('taskrouter-assigner');
    expect(service('EnvironmentFile')).toBe(ENV_FILE);
  });

  it('is hardened', () => {
    expect(service('NoNewPrivileges')).toBe('yes');
    expect(service('ProtectSystem')).toBe('strict');
    expect(service('ProtectHome')).toBe('yes');
    expect(service('PrivateTmp')).toBe('yes');
    expect(service('CapabilityBoundingSet')).toBe('');
    // V8 compiles code at run time: write-and-execute memory must stay allowed.
    expect(service('MemoryDenyWriteExecute')).not.toBe('yes');
  });

  it('sets, besides NODE_ENV, only variables src/config/env.ts reads', () => {
    const names = (unit.get('Service')?.get('Environment') ?? []).flatMap((v) =>
      v.split(/\s+/).map((kv) => kv.split('=')[0]!),
    );
    const known = envVarNames();
    expect(names.filter((n) => n !== 'NODE_ENV' && !known.has(n))).toEqual([]);
  });
});

describe('deploy/systemd/taskrouter-assigner.env.example', () => {
  const vars = parseEnvFile(readText(`${DIR}/taskrouter-assigner.env.example`));

  it('names only variables src/config/env.ts reads', () => {
    const known = envVarNames();
    expect([...vars.keys()].filter((k) => !known.has(k))).toEqual([]);
  });

  it('has the required ones, and a RULES_PATH outside the (read-only) app folder', () => {
    for (const key of [
      'PUBLIC_BASE_URL',
      'TWILIO_ACCOUNT_SID',
      'TWILIO_AUTH_TOKEN',
      'REDIS_URL',
      'SEALING_KEYS',
    ]) {
      expect(vars.has(key), key).toBe(true);
    }
    // The units are meant to sit behind nginx, Caddy or a load balancer.
    expect(vars.get('TRUST_PROXY')).toBe('1');
    expect(vars.get('RULES_PATH')).toMatch(/^\/etc\//);
  });

  it('keeps SHUTDOWN_GRACE_MS within what env.ts accepts', () => {
    const grace = Number(vars.get('SHUTDOWN_GRACE_MS'));
    const { min, max } = envIntBounds('SHUTDOWN_GRACE_MS');
    expect(grace).toBeGreaterThanOrEqual(min);
    expect(grace).toBeLessThanOrEqual(max);
  });
});
