import { describe, expect, it } from 'vitest';
import { describeMatch, VALUE_MASK } from '../../../src/rules/explain/describe-match.js';
import { ruleSetOf } from '../../support/rules.js';

const rules = ruleSetOf({
  file: 'rules.yaml',
  text: `version: 1
rules:
  - name: vip-callers
    when: task.from IN ["+15551234567", "+15557654321"] AND (task.vip == true OR worker.skills HAS "vip")
    instruction: conference
    params: { from: "{{task.to}}" }
  - name: by-contact
    when: worker.contact_uri == "sip:alice@example.com" AND task.tags[0] CONTAINS "x"
    instruction: accept
    mode: inline
  - name: office
    when: within("Mon-Fri 09:00-17:00", "Europe/Berlin") AND task.urgent
    instruction: accept
    delay: 5
  - name: fallback
    instruction: reject
`,
});
const rule = (name: string) => rules.rules.find((r) => r.name === name)!;

describe('describeMatch', () => {
  it('when the chosen rule compares attributes with literals, then it names the paths and operators and masks every value', () => {
    const m = describeMatch(rule('vip-callers'));
    expect(m).toMatchObject({
      rule: 'vip-callers',
      outcome: 'chosen',
      instruction: 'conference',
      mode: 'async',
      delaySeconds: 0,
      source: { file: 'rules.yaml', line: 3 },
      when: `task.from IN [${VALUE_MASK}] AND (task.vip == ${VALUE_MASK} OR worker.skills HAS ${VALUE_MASK})`,
      conditions: [
        { left: 'task.from', operator: 'IN', right: `[${VALUE_MASK}]` },
        { left: 'task.vip', operator: '==', right: VALUE_MASK },
        { left: 'worker.skills', operator: 'HAS', right: VALUE_MASK },
      ],
    });
    const text = JSON.stringify(m);
    expect(text).not.toContain('555');
    expect(text).not.toContain('\\"vip\\"');
  });

  it('when a literal is a contact URI, then no part of it is shown; index paths keep their index', () => {
    const text = JSON.stringify(describeMatch(rule('by-contact')));
    expect(text).not.toMatch(/alice|example\.com|sip:/);
    expect(describeMatch(rule('by-contact')).when).toBe(
      `worker.contact_uri == ${VALUE_MASK} AND task.tags[0] CONTAINS ${VALUE_MASK}`,
    );
  });

  it('when the rule uses a function and a bare path, then both are named, the function without its arguments', () => {
    expect(describeMatch(rule('office'))).toMatchObject({
      when: `within(${VALUE_MASK}) AND task.urgent`,
      conditions: [
        { left: `within(${VALUE_MASK})`, operator: 'is true' },
        { left: 'task.urgent', operator: 'is true' },
      ],
      delaySeconds: 5,
    });
  });

  it('when the rule has no when, then it says so: it matches every callback', () => {
    expect(describeMatch(rule('fallback'))).toMatchObject({
      when: null,
      conditions: [],
      instruction: 'reject',
    });
  });
});
