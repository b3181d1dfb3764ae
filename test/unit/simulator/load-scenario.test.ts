import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createPrng } from '../../../src/simulator/faults/create-prng.js';
import { parseScenario } from '../../../src/simulator/scenario/load-scenario.js';
import { ScenarioError } from '../../../src/simulator/scenario/scenario-error.js';
import { stableSid } from '../../../src/simulator/scenario/stable-sid.js';

const minimal = (attributes: string) => `version: 1
durationSeconds: 10
workflows: { main: { taskReservationTimeout: 20 } }
workers: [{ name: w }]
taskTypes:
  - name: t
    workflow: main
    arrivalsPerSecond: 1
    attributes: ${attributes}
`;

function problems(text: string): readonly string[] {
  try {
    parseScenario(text, 's.yaml');
  } catch (err) {
    if (err instanceof ScenarioError) {
      return err.problems;
    }
    throw err;
  }
  throw new Error('expected the scenario to be refused');
}

describe('parseScenario', () => {
  it('when the example scenario is read, then its workers are expanded and SIDs derived from names', () => {
    const s = parseScenario(readFileSync('config/examples/scenario.yaml', 'utf8'));
    expect(s.workers.map((w) => w.name)).toEqual([
      'alice',
      'bruno',
      'trainee-1',
      'trainee-2',
      'trainee-3',
    ]);
    expect(s.workflows[0]).toMatchObject({
      name: 'support',
      sid: stableSid('WW', 'support'),
      taskReservationTimeout: 30,
    });
    expect(s.taskTypes[1]?.eligible).toEqual(new Set(['alice', 'trainee']));
  });

  it('when attribute generators are used, then they draw from the seeded PRNG within their bounds', () => {
    const s = parseScenario(
      minimal(
        '{ lang: { $pick: [en, es], $weights: [0, 1] }, n: { $random: { min: 2, max: 4, integer: true } }, call: { $sid: CA }, nested: { list: [1, { $pick: [x] }] } }',
      ),
    );
    const random = createPrng(5);
    for (let i = 0; i < 50; i += 1) {
      const a = s.taskTypes[0]!.attributes(random) as {
        lang: string;
        n: number;
        call: string;
        nested: unknown;
      };
      expect(a.lang).toBe('es');
      expect([2, 3, 4]).toContain(a.n);
      expect(a.call).toMatch(/^CA[0-9a-f]{32}$/);
      expect(a.nested).toEqual({ list: [1, 'x'] });
    }
  });

  it('when generators are malformed, then each problem names its line and path', () => {
    expect(
      problems(
        minimal(
          '{ a: { $pick: [] }, b: { $random: { min: 5, max: 1 } }, c: { $sid: call }, d: { $pick: [1], extra: 2 } }',
        ),
      ),
    ).toEqual([
      's.yaml:9:31 taskTypes[0].attributes.a.$pick: must be a non-empty list',
      's.yaml:9:51 taskTypes[0].attributes.b.$random: must be { min: number, max: number, integer?: boolean } with min <= max',
      's.yaml:9:84 taskTypes[0].attributes.c.$sid: must be a two-letter SID prefix such as CA',
      's.yaml:9:95 taskTypes[0].attributes.d: a generator mixed with plain keys; use { $pick, $weights? }, { $random } or { $sid } alone',
    ]);
  });

  it('when names do not resolve or keys are unknown, then the problems say which', () => {
    const text = minimal('{}')
      .replace('workflow: main', 'workflow: other')
      .replace('durationSeconds: 10', 'durationSeconds: 10\nspeeed: 2');
    expect(problems(text)).toEqual([
      expect.stringMatching(/^s\.yaml:\d+:\d+ \(top level\): Unrecognized key: "speeed"/),
    ]);
    expect(problems(minimal('{}').replace('workflow: main', 'workflow: other'))).toEqual([
      's.yaml:7:15 taskTypes[0].workflow: no workflow named "other" (have: main)',
    ]);
  });

  it('when the YAML itself is broken, then the parser position is reported', () => {
    expect(problems('version: 1\nworkers: [\n')[0]).toMatch(/^s\.yaml:\d+:\d+ /);
  });
});
