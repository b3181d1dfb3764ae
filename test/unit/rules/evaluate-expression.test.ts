import { describe, expect, it } from 'vitest';
import { evaluate, factsOf, conditionOf } from '../../support/rules.js';

const task = {
  type: 'voice',
  language: 'es',
  priority: 5,
  score: 4.5,
  vip: true,
  trial: false,
  nothing: null,
  empty: '',
  skills: ['support', 'billing', 7],
  languages: ['en', 'es'],
  customer: { tier: 'gold', phones: ['+1555', '+1666'], meta: { since: 2019 } },
  numericText: '42',
};
const worker = { level: 'trainee', languages: ['en', 'fr'], id: 'w1' };
const callback = { TaskAge: '61', TaskPriority: '0', TaskQueueSid: 'WQ1', Decimal: '2.50' };
const facts = { task, worker, callback };

describe('comparison operators', () => {
  it.each([
    ['task.type == "voice"', true],
    ["task.type == 'voice'", true],
    ['task.type == "Voice"', false],
    ['task.type != "chat"', true],
    ['task.type != "voice"', false],
    ['task.priority == 5', true],
    ['task.priority == 5.0', true],
    ['task.priority > 4', true],
    ['task.priority >= 5', true],
    ['task.priority < 5', false],
    ['task.priority <= 5', true],
    ['task.score > 4', true],
    ['task.score < -1', false],
    ['task.vip == true', true],
    ['task.trial == false', true],
    ['task.vip == "true"', false],
    ['task.type < "w"', true],
    ['task.type > "w"', false],
    ['task.type >= "voice"', true],
    ['task.type <= "voicf"', true],
    ['task.vip > false', false],
    ['task.type CONTAINS "oic"', true],
    ['task.type CONTAINS "x"', false],
    ['task.type CONTAINS ""', true],
    ['task.priority CONTAINS "5"', false],
    ['task.type CONTAINS 5', false],
    ['task.skills CONTAINS "support"', false],
    ['task.skills HAS "support"', true],
    ['task.skills HAS "sales"', false],
    ['task.skills HAS 7', true],
    ['task.skills HAS "7"', true],
    ['task.type HAS "v"', false],
    ['task.skills HAS task.languages', false],
    ['task.language IN ["en", "es"]', true],
    ['task.language IN ["en", "fr"]', false],
    ['task.language IN task.languages', true],
    ['task.language IN worker.languages', false],
    ['worker.id IN task.languages', false],
    ['task.language NOT IN ["en", "fr"]', true],
    ['task.language NOT IN ["es"]', false],
    ['task.language NOT IN worker.languages', true],
    ['task.language NOT IN task.languages', false],
    ['task.languages IN ["en"]', false],
    ['task.languages NOT IN ["en"]', false],
    ['task.language IN task.type', false],
    ['task.language NOT IN task.type', false],
    ['task.language IN []', false],
    ['task.language NOT IN []', true],
    ['task.priority IN [1, 5]', true],
    ['task.priority IN ["5"]', true],
    ['task.vip IN [true]', true],
    ['task.vip IN ["true"]', false],
  ])('when %s, then %s', (expression, expected) => {
    expect(evaluate(expression, facts)).toBe(expected);
  });
});

describe('numeric strings', () => {
  it.each([
    ['callback.TaskAge > 60', true],
    ['callback.TaskAge > 61', false],
    ['callback.TaskAge >= 61', true],
    ['callback.TaskAge == 61', true],
    ['callback.TaskAge != 61', false],
    ['callback.TaskAge == "61"', true],
    ['callback.TaskAge == "61.0"', false],
    ['callback.TaskAge IN [60, 61]', true],
    ['callback.TaskAge NOT IN [60, 61]', false],
    ['callback.TaskPriority < 1', true],
    ['callback.Decimal == 2.5', true],
    ['callback.Decimal > 2.49', true],
    ['callback.Decimal > "10"', false],
    ['callback.TaskAge > "9"', true],
    ['task.numericText == 42', true],
    ['task.numericText > 100', false],
    ['task.type > 1', false],
    ['task.type == 0', false],
    ['"1e3" == 1000', true],
    ['"0x10" == 16', false],
    ['" 5" == 5', false],
    ['"" == 0', false],
    ['-1 < 0', true],
    ['callback.TaskAge > -5', true],
  ])('when %s, then %s', (expression, expected) => {
    expect(evaluate(expression, facts)).toBe(expected);
  });
});

describe('null and missing attributes', () => {
  it.each([
    ['task.missing == null', true],
    ['task.missing != null', false],
    ['task.nothing == null', true],
    ['task.nothing != null', false],
    ['task.type == null', false],
    ['task.type != null', true],
    ['task.empty != null', true],
    ['task.skills != null', true],
    ['task.skills == null', false],
    ['task.customer != null', true],
    ['null == null', true],
    ['task.missing == "x"', false],
    ['task.missing != "x"', true],
    ['task.missing > 1', false],
    ['task.missing < 1', false],
    ['task.missing >= null', false],
    ['task.missing CONTAINS "x"', false],
    ['task.missing HAS "x"', false],
    ['task.missing IN ["x"]', false],
    ['task.missing NOT IN ["x"]', true],
    ['task.missing IN ["x", null]', true],
    ['task.missing NOT IN ["x", null]', false],
    ['task.missing IN task.alsoMissing', false],
    ['task.missing NOT IN task.alsoMissing', false],
    ['task.type IN task.missing', false],
    ['task.missing.deeper.still == null', true],
    ['task.type.length == null', true],
    ['task.skills[0].name == null', true],
    ['task.customer.tier.x != null', false],
  ])('when %s, then %s', (expression, expected) => {
    expect(evaluate(expression, facts)).toBe(expected);
  });
});

describe('arrays and objects with scalar operators', () => {
  it.each([
    ['task.skills == "support"', false],
    ['task.skills != "support"', false],
    ['task.skills > 1', false],
    ['task.customer == "gold"', false],
    ['task.customer != "gold"', false],
    ['task.skills == task.skills', false],
    ['task.customer.tier == "gold"', true],
    ['task.customer.meta.since < 2020', true],
  ])('when %s, then %s', (expression, expected) => {
    expect(evaluate(expression, facts)).toBe(expected);
  });
});

describe('paths', () => {
  it.each([
    ['task.skills[0] == "support"', true],
    ['task.skills[2] == 7', true],
    ['task.skills[3] == null', true],
    ['task.customer.phones[1] == "+1666"', true],
    ['task.customer[0] == null', true],
    ['task.skills.length == null', true],
    ['worker.level == "trainee"', true],
    ['callback.TaskQueueSid == "WQ1"', true],
    ['callback.Missing == null', true],
  ])('when %s, then %s', (expression, expected) => {
    expect(evaluate(expression, facts)).toBe(expected);
  });

  it.each([
    'task.__proto__',
    'task.constructor',
    'task.prototype',
    'task.toString',
    'task.hasOwnProperty',
    'task.customer.__proto__',
    'task.skills.constructor',
    'task.type.constructor',
    'task.constructor.name',
    'task.__proto__.polluted',
  ])('when reading %s, then it is null like a missing attribute', (path) => {
    expect(evaluate(`${path} == null`, facts)).toBe(true);
    expect(evaluate(`${path} != null`, facts)).toBe(false);
  });

  it('when a JSON object owns a __proto__ key, then it is still not read', () => {
    const parsed = JSON.parse(
      '{"__proto__": {"x": 1}, "constructor": "c", "prototype": 2}',
    ) as Record<string, unknown>;
    expect(Object.hasOwn(parsed, '__proto__')).toBe(true);
    expect(
      evaluate('task.__proto__ == null AND task.constructor == null AND task.prototype == null', {
        task: parsed,
      }),
    ).toBe(true);
  });

  it('when attributes are class instances or have a foreign prototype, then they read as null', () => {
    class Attributes {
      type = 'voice';
    }
    const inherited = Object.create({ type: 'voice' }) as Record<string, unknown>;
    expect(
      evaluate('task.type == null', {
        task: new Attributes() as unknown as Record<string, unknown>,
      }),
    ).toBe(true);
    expect(evaluate('task.type == null', { task: inherited })).toBe(true);
    expect(
      evaluate('task.type == "voice"', {
        task: Object.assign(Object.create(null) as object, { type: 'voice' }),
      }),
    ).toBe(true);
  });

  it('when an array element is undefined, then it reads as null', () => {
    expect(evaluate('task.list[0] == null', { task: { list: [undefined] } })).toBe(true);
  });
});

describe('precedence and keywords', () => {
  it.each([
    ['true OR false AND false', true],
    ['(true OR false) AND false', false],
    ['false AND true OR true', true],
    ['false AND (true OR true)', false],
    ['true or false and false', true],
    ['TRUE And FALSE', false],
    ['task.a == 1 OR task.type == "voice" AND task.language == "es"', true],
    ['task.a == 1 OR task.type == "voice" AND task.language == "en"', false],
    ['false OR false OR true', true],
    ['true AND true AND false', false],
    ['true AND true AND true', true],
    ['false OR false OR false', false],
  ])('when %s, then %s', (expression, expected) => {
    expect(evaluate(expression, facts)).toBe(expected);
  });
});

describe('bare conditions', () => {
  it.each([
    ['task.vip', true],
    ['task.trial', false],
    ['task.type', false],
    ['task.missing', false],
    ['task.numericText', false],
    ['true', true],
    ['false', false],
    ['task.vip AND worker.level == "trainee"', true],
  ])('when the condition is %s, then %s', (expression, expected) => {
    expect(evaluate(expression, facts)).toBe(expected);
  });
});

describe('compiled conditions', () => {
  it('when compiled, then every node keeps its source text and span', () => {
    const condition = conditionOf('task.a == 1 AND (task.b == 2 OR task.c)');
    expect(condition).toMatchObject({
      kind: 'all',
      text: 'task.a == 1 AND (task.b == 2 OR task.c)',
      children: [
        {
          kind: 'compare',
          text: 'task.a == 1',
          leftText: 'task.a',
          rightText: null,
          start: 0,
          end: 11,
        },
        {
          kind: 'any',
          text: '(task.b == 2 OR task.c)',
          children: [{ kind: 'compare' }, { kind: 'value', text: 'task.c' }],
        },
      ],
    });
  });

  it('when the same compiled condition runs on many facts, then results follow the facts', () => {
    const condition = conditionOf('task.n > 10 AND task.tag IN ["a", "b"]');
    const results = [5, 11, 12].flatMap((n) =>
      ['a', 'c'].map((tag) => condition.test(factsOf({ task: { n, tag } }), 0)),
    );
    expect(results).toEqual([false, false, true, false, true, false]);
  });
});
