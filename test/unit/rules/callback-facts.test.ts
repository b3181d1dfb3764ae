import { describe, expect, it } from 'vitest';
import { callbackFacts } from '../../../src/rules/callback-facts.js';
import { ruleSetOf } from '../../support/rules.js';

describe('callbackFacts', () => {
  it('when the callback carries attributes, then they become task and worker', () => {
    const params = {
      TaskSid: 'WT1',
      TaskAge: '61',
      TaskAttributes: '{"type":"voice","skills":["es"]}',
      WorkerAttributes: '{"level":"senior"}',
    };
    expect(callbackFacts(params)).toEqual({
      task: { type: 'voice', skills: ['es'] },
      worker: { level: 'senior' },
      callback: params,
    });
  });

  it.each([[undefined], [''], ['not json'], ['[1,2]'], ['"text"'], ['null'], ['42']])(
    'when TaskAttributes is %j, then the task has no attributes',
    (text) => {
      const params: Record<string, string> = text === undefined ? {} : { TaskAttributes: text };
      expect(callbackFacts(params).task).toEqual({});
    },
  );

  it('when an attributes JSON has a __proto__ key, then rules still cannot read through it', () => {
    const facts = callbackFacts({ TaskAttributes: '{"__proto__":{"vip":true},"type":"chat"}' });
    const rules = ruleSetOf(
      'version: 1\nrules:\n  - name: vip\n    when: task.vip == true OR task.__proto__.vip == true\n    instruction: accept\n',
    );
    expect(rules.decide(facts, 0).rule).toBeNull();
    expect(({} as Record<string, unknown>).vip).toBeUndefined();
  });
});
