import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { durationMs, parseProcfile } from './file-parsers.js';
import {
  builtFilesNamedIn,
  defaultConfig,
  envIntBounds,
  envVarNames,
  fileExists,
  readText,
  sourceOfBuilt,
} from './project-facts.js';

interface Service {
  image?: string;
  build?: unknown;
  command?: string[] | string;
  environment?: Record<string, string | null>;
  volumes?: string[];
  ports?: string[];
  depends_on?: Record<string, { condition?: string }>;
  restart?: string;
  stop_grace_period?: string;
  healthcheck?: { test?: string[]; disable?: boolean };
}

// `merge: true`: compose files share settings through `<<: *anchor` merge keys.
const compose = parse(readText('docker-compose.yml'), { merge: true }) as {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
};
const { redis, web, worker } = compose.services;
const apps = { web: web!, worker: worker! };
const procfile = parseProcfile(readText('Procfile'));

describe('docker-compose.yml', () => {
  it('has redis, web and worker services', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['redis', 'web', 'worker']);
  });

  describe('redis', () => {
    const command = ([] as string[]).concat(redis!.command ?? []).join(' ');

    it('runs Redis 7 with AOF (fsync every second) and noeviction', () => {
      expect(redis!.image).toMatch(/^redis:7\b/);
      expect(command).toMatch(/--appendonly yes\b/);
      expect(command).toMatch(/--appendfsync everysec\b/);
      expect(command).toMatch(/--maxmemory-policy noeviction\b/);
    });

    it('keeps its data on a named volume and has a healthcheck', () => {
      const data = redis!.volumes?.find((v) => v.split(':')[1] === '/data');
      expect(data).toBeDefined();
      expect(Object.keys(compose.volumes ?? {})).toContain(data!.split(':')[0]);
      expect(redis!.healthcheck?.test?.join(' ')).toContain('redis-cli ping');
    });
  });

  describe.each(Object.entries(apps))('%s', (name, service) => {
    it('runs the same command as the Procfile line of the same name', () => {
      const command = ([] as string[]).concat(service.command ?? []);
      expect(command.join(' ')).toBe(procfile.get(name));
      expect(fileExists(sourceOfBuilt(builtFilesNamedIn(command.join(' '))[0]!))).toBe(true);
    });

    it('is built from the Dockerfile', () => {
      expect(service.build).toBe('.');
    });

    it('sets only variables src/config/env.ts reads', () => {
      const known = envVarNames();
      expect(Object.keys(service.environment ?? {}).filter((k) => !known.has(k))).toEqual([]);
    });

    it('trusts the one proxy it asks for in front (TRUST_PROXY a hop count, not a blanket true)', () => {
      expect(service.environment?.TRUST_PROXY).toMatch(/^\$\{TRUST_PROXY:-1\}$/);
    });

    it('requires the Twilio credentials, PUBLIC_BASE_URL and SEALING_KEYS from the environment', () => {
      for (const key of [
        'PUBLIC_BASE_URL',
        'TWILIO_ACCOUNT_SID',
        'TWILIO_AUTH_TOKEN',
        'SEALING_KEYS',
      ]) {
        expect(service.environment?.[key]).toMatch(new RegExp(`^\\$\\{${key}:\\?`));
      }
    });

    it('reaches the redis service and waits for it to be healthy', () => {
      expect(service.environment?.REDIS_URL).toBe('redis://redis:6379');
      expect(service.depends_on?.redis?.condition).toBe('service_healthy');
    });

    it('reads RULES_PATH from the ./config mount', () => {
      const mount = service.volumes?.find((v) => v.startsWith('./config:'));
      expect(mount).toBeDefined();
      const target = mount!.split(':')[1]!;
      expect(service.environment?.RULES_PATH?.startsWith(`${target}/`)).toBe(true);
    });

    it('restarts, and gets longer to stop than the longest SHUTDOWN_GRACE_MS', () => {
      expect(service.restart).toMatch(/^(always|unless-stopped|on-failure)/);
      const grace = durationMs(service.stop_grace_period ?? '10s');
      expect(grace).toBeGreaterThanOrEqual(30_000);
      expect(grace).toBeGreaterThan(envIntBounds('SHUTDOWN_GRACE_MS').max);
    });
  });

  it('publishes the web port (the default PORT)', () => {
    const port = String(defaultConfig().port);
    expect(web!.ports?.some((p) => p.split(':').at(-1) === port)).toBe(true);
    expect(web!.environment?.PORT ?? port).toBe(port);
  });

  it("turns the image's HTTP healthcheck off for the worker, which serves no HTTP", () => {
    expect(readText('Dockerfile')).toMatch(/^HEALTHCHECK /m);
    expect(worker!.healthcheck?.disable).toBe(true);
    expect(worker!.ports).toBeUndefined();
  });
});
