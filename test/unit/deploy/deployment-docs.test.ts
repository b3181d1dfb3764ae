import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { keyPrefixOf } from '../../../src/compose/key-prefix.js';
import { ASSIGNMENT_PATH } from '../../../src/http/assignment-route.js';
import { EVENTS_PATH } from '../../../src/http/events-route.js';
import { RESERVATION_EVENTS } from '../../../src/assignment/handle-event.js';
import { metricCatalog } from './metric-catalog.js';
import { defaultConfig, envIntBounds, envVarNames, fileExists, readText } from './project-facts.js';

const FILE = 'docs/deployment.md';
const text = readText(FILE);

/** `## Title` sections by title, each with its text up to the next heading of its level or above. */
function sections(level: number): Map<string, string> {
  const out = new Map<string, string>();
  const heads = [...text.matchAll(new RegExp(`^#{${level}} (.+)$`, 'gm'))];
  heads.forEach((h, i) => {
    out.set(h[1]!.trim(), text.slice(h.index, heads[i + 1]?.index ?? text.length));
  });
  return out;
}

/** GitHub's heading anchors: lower case, punctuation other than - and _ dropped, spaces to -. */
const slug = (heading: string) =>
  heading
    .toLowerCase()
    .replace(/[^\w\- ]/g, '')
    .replaceAll(' ', '-');

describe(FILE, () => {
  const targets = sections(2);

  it.each(['Heroku-style Procfile hosts', 'Containers', 'A plain VM with systemd'])(
    '"%s" says where to point the Assignment, Fallback Assignment and Event Callback URLs',
    (title) => {
      const section = targets.get(title);
      expect(section, `no "## ${title}" section`).toBeDefined();
      expect(section).toContain(`/taskrouter/assignment`);
      expect(section).toContain(`/taskrouter/events`);
      expect(section).toMatch(/Fallback\s+Assignment\s+Callback\s+URL/);
      expect(section).toContain('(#configure-taskrouter)');
    },
  );

  it("uses the service's real callback paths", () => {
    const paths = new Set([...text.matchAll(/\/taskrouter\/[a-z]+/g)].map((m) => m[0]));
    expect([...paths].sort()).toEqual([ASSIGNMENT_PATH, EVENTS_PATH].sort());
  });

  it('lists every reservation event the service handles, wherever it gives an EventsFilter', () => {
    const filters = [
      ...text.matchAll(/EventsFilter=([\w.,]+)/g),
      ...text.matchAll(/^(reservation\.[\w.,]+)$/gm),
    ].map((m) => m[1]!.split(','));
    expect(filters.length).toBeGreaterThanOrEqual(2);
    for (const filter of filters) {
      expect([...filter].sort()).toEqual(Object.keys(RESERVATION_EVENTS).sort());
    }
  });

  it('names only environment variables src/config/env.ts reads', () => {
    const known = envVarNames();
    const named = new Set(
      [...text.matchAll(/\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g)].map((m) => m[0]),
    );
    expect([...named].filter((n) => !known.has(n))).toEqual([]);
  });

  it('states the SHUTDOWN_GRACE_MS default and ceiling env.ts enforces', () => {
    const { def, max } = envIntBounds('SHUTDOWN_GRACE_MS');
    expect(defaultConfig().shutdownGraceMs).toBe(def);
    expect(text).toMatch(
      new RegExp(`\`SHUTDOWN_GRACE_MS\` \\(default ${def},\\s+at most ${max}\\)`),
    );
  });

  it("describes Redis as the service needs it, with the default key prefix's hash tag", () => {
    expect(text).toContain('appendonly yes');
    expect(text).toContain('appendfsync everysec');
    expect(text).toContain('maxmemory-policy noeviction');
    const prefix = defaultConfig().redis.prefix;
    expect(text).toContain(`\`REDIS_PREFIX\` (default \`${prefix}\`)`);
    expect(text).toContain(`\`${keyPrefixOf({ redis: { prefix } })}\``);
  });

  it('names only metrics the service exports, and alerts that exist', () => {
    const catalog = metricCatalog();
    const metrics = [...text.matchAll(/\b(?:tra|bullmq)_[a-z_]*[a-z]\b(?!_?\*)/g)].map((m) => m[0]);
    expect(metrics.filter((m) => !catalog.has(m) && !catalog.has(`${m}_bucket`))).toEqual([]);
    const alerts = new Set(
      (
        parse(readText('config/examples/prometheus-alerts.yaml')) as {
          groups: { rules: { alert: string }[] }[];
        }
      ).groups.flatMap((g) => g.rules.map((r) => r.alert)),
    );
    const named = [...text.matchAll(/\bTaskrouterAssigner\w+/g)].map((m) => m[0]);
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((a) => !alerts.has(a))).toEqual([]);
  });

  it('links only to files that exist and headings that exist', () => {
    const anchors = new Set([...text.matchAll(/^#+ (.+)$/gm)].map((m) => slug(m[1]!.trim())));
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (target!.startsWith('#')) {
        expect(anchors, `link to missing heading ${target}`).toContain(target!.slice(1));
      } else if (!/^[a-z]+:/.test(target!)) {
        const rel = new URL(target!, 'file:///repo/docs/').pathname.replace(/^\/repo\//, '');
        expect(fileExists(rel), `link to missing file ${target}`).toBe(true);
      }
    }
  });
});
