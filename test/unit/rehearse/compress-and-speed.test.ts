import { describe, expect, it } from 'vitest';
import { parseDuration, parseRehearseArgs } from '../../../src/cli/rehearse/args.js';
import { UsageError } from '../../../src/cli/shared/usage-error.js';
import { chooseSpeed } from '../../../src/rehearse/choose-speed.js';
import { compressRules } from '../../../src/rehearse/compress-rules.js';
import { ruleSetOf } from '../../support/rules.js';

const WW = `WW${'1'.repeat(32)}`;
const RULES = `version: 1
defaults: { reservationTimeout: 60 }
workflows:
  ${WW}: { reservationTimeout: 30 }
rules:
  - name: weekday-voice
    when: within("Mon-Fri 00:00-23:59", "UTC") AND task.type == "voice"
    instruction: accept
    delay: 6
  - name: rest
    instruction: accept
`;
const MONDAY = Date.UTC(2024, 0, 15, 10);
const SATURDAY = Date.UTC(2024, 0, 20, 10);
const facts = { task: { type: 'voice' }, worker: {}, callback: {} };

describe('compressRules', () => {
  it('when compressed 10×, then timeouts and delays shrink tenfold and decisions are taken at the simulated moment', () => {
    let simulated = MONDAY;
    const rules = compressRules(ruleSetOf(RULES), 10, () => simulated);
    expect(rules.defaults.reservationTimeout).toBe(6);
    expect(rules.workflows[WW]?.reservationTimeout).toBe(3);
    // The `now` the service passes is real time; the rules see the simulator's.
    expect(rules.decide(facts, SATURDAY)).toMatchObject({
      rule: 'weekday-voice',
      delaySeconds: 0.6,
    });
    simulated = SATURDAY;
    expect(rules.decide(facts, MONDAY)).toMatchObject({ rule: 'rest', delaySeconds: 0 });
  });
});

describe('chooseSpeed', () => {
  const workflows = (...timeouts: number[]) =>
    timeouts.map((t, i) => ({
      name: `w${i}`,
      sid: WW,
      taskReservationTimeout: t,
      assignmentUrl: null,
      fallbackUrl: null,
    }));
  it.each([
    [1, [30], 15],
    [1, [30, 8], 4],
    [1, [1], 1],
    [1, [600], 60],
    [5, [30], 5],
  ])(
    'when the scenario says speed %d and timeouts %j, then the speed is %d',
    (speed, timeouts, expected) => {
      expect(chooseSpeed({ speed, workflows: workflows(...timeouts) })).toBe(expected);
    },
  );
});

describe('rehearse arguments', () => {
  it.each([
    ['60', 60],
    ['60s', 60],
    ['1.5m', 90],
    ['1h', 3600],
    ['500ms', 0.5],
  ])('when --duration is %s, then it is %d simulated seconds', (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it('when every option is given, then each is read', () => {
    expect(
      parseRehearseArgs([
        '--rules',
        'r.yaml',
        '--scenario',
        's.yaml',
        '--duration',
        '2m',
        '--speed',
        '12',
        '--seed',
        '3',
        '--json',
        '--progress',
        '0',
      ]),
    ).toEqual({
      rulesPath: 'r.yaml',
      scenarioPath: 's.yaml',
      overrides: { durationSeconds: 120, speed: 12, seed: 3 },
      progressMs: 0,
      json: true,
    });
    expect(parseRehearseArgs(['--help'])).toBe('help');
  });

  it.each([
    [['--duration', 'soon']],
    [['--duration', '0s']],
    [['--speed', '0']],
    [['--speed', 'fast']],
    [['--seed', '1.5']],
    [['--bogus']],
    [['extra']],
  ])('when given %j, then it is a usage error', (argv) => {
    expect(() => parseRehearseArgs(argv)).toThrow(UsageError);
  });
});
