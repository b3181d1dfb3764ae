/**
 * Templates safe by construction (issue 10, row 6): values percent-encoded for the part of a URL
 * they land in, no scheme or host from a template without {{raw …}}, address params held to
 * their documented forms, a value that does not fit skipping the rule with a reason (never the
 * value), and `rules check` warnings.
 */
import { describe, expect, it } from 'vitest';
import { formatExplanation } from '../../../src/rules/explain/format-explanation.js';
import { compileYaml, factsOf, problemsOf, ruleSetOf } from '../../support/rules.js';
import type { CallbackFacts } from '../../../src/rules/types.js';

const SIP_ELSEWHERE = 'sip:someone@elsewhere;transport=tls';
const QUERY_SMUGGLE = 'x&StatusCallbackEvent=leave#';

/** One rule with `params`, then a catch-all `accept`. */
function rules(instruction: string, params: string): string {
  return `version: 1
rules:
  - name: r
    instruction: ${instruction}
    params:
${params
  .split('\n')
  .map((line) => `      ${line}`)
  .join('\n')}
  - name: fallback
    instruction: accept
`;
}

const call = (extra: string): string =>
  rules('call', `from: "+18005550100"\nurl: https://twiml.example.com/agent\n${extra}`);

const task = (attributes: Record<string, unknown>): CallbackFacts => factsOf({ task: attributes });

describe('row 6: attribute values that try to escape their place', () => {
  it('when a task attribute holds a sip: address elsewhere, then to: "{{task.x}}" does not dial it and the next rule decides', () => {
    const ruleSet = ruleSetOf(call('to: "{{task.x}}"'));
    const decision = ruleSet.decide(task({ x: SIP_ELSEWHERE }), 0);
    expect(decision.rule).toBe('fallback');
    expect(decision.instruction).toEqual({ kind: 'accept', params: {} });
    expect(decision.skipped).toEqual([
      {
        rule: 'r',
        param: 'to',
        reason:
          'a sip: address from task or callback values is refused: write sip:{{…}}@host, or {{raw …}} to trust it',
      },
    ]);
    expect(JSON.stringify(decision)).not.toContain('elsewhere');
  });

  it('when a task attribute holds query syntax, then url: …?task={{task.x}} keeps it inside one query value', () => {
    const ruleSet = ruleSetOf(
      rules(
        'redirect',
        'callSid: CA0123456789abcdef0123456789abcdef\nurl: https://twiml.example.com/next?task={{task.x}}&n=1',
      ),
    );
    const decision = ruleSet.decide(task({ x: QUERY_SMUGGLE }), 0);
    expect(decision.instruction?.params.url).toBe(
      'https://twiml.example.com/next?task=x%26StatusCallbackEvent%3Dleave%23&n=1',
    );
    const url = new URL(decision.instruction?.params.url as string);
    expect([...url.searchParams.keys()]).toEqual(['task', 'n']);
    expect(url.searchParams.get('task')).toBe(QUERY_SMUGGLE);
    expect(url.hash).toBe('');
  });

  it('when such templates are loaded, then rules check warns about them', () => {
    const result = compileYaml(
      call('to: "{{task.x}}"\nstatusCallbackUrl: https://cb.example.com/s?task={{task.x}}'),
    );
    expect(result.ok).toBe(true);
    const warnings = result.ok ? result.warnings : [];
    expect(warnings.map((w) => [w.severity, w.rule, w.path, w.line])).toEqual([
      ['warning', 'r', 'rules[0].params.to', 8],
      ['warning', 'r', 'rules[0].params.statusCallbackUrl', 9],
    ]);
    expect(warnings[0]?.message).toMatch(/^to: \{\{task\.x\}\} chooses who is dialled/);
    expect(warnings[1]?.message).toMatch(/^statusCallbackUrl: \{\{task\.x\}\} is percent-encoded/);
  });
});

describe('URL params: each value encoded for the part it lands in', () => {
  const urlOf = (url: string, x: unknown): string | undefined => {
    const ruleSet = ruleSetOf(call(`statusCallbackUrl: "${url}"`));
    const decision = ruleSet.decide(task({ x }), 0);
    return decision.rule === 'r'
      ? (decision.instruction?.params.statusCallbackUrl as string)
      : undefined;
  };

  it.each([
    [
      'path',
      'https://h.example/a/{{task.x}}/b',
      'p/q?r#s&t=u v',
      'https://h.example/a/p%2Fq%3Fr%23s&t=u%20v/b',
    ],
    [
      'query',
      'https://h.example/a?k={{task.x}}',
      'a b&c=d+e/f?#',
      'https://h.example/a?k=a%20b%26c%3Dd%2Be/f?%23',
    ],
    [
      'fragment',
      'https://h.example/a#{{task.x}}',
      'a#b&c=d/e?',
      'https://h.example/a#a%23b&c=d/e?',
    ],
    [
      'query, after a path value',
      'https://h.example/{{task.x}}?k={{task.x}}',
      'a=b',
      'https://h.example/a=b?k=a%3Db',
    ],
    [
      'query, right after the host',
      'https://h.example?k={{task.x}}',
      'a&b=c',
      'https://h.example?k=a%26b%3Dc',
    ],
    [
      'fragment, right after the host',
      'https://h.example#{{task.x}}',
      'a#b',
      'https://h.example#a%23b',
    ],
    ['path, unicode', 'https://h.example/{{task.x}}', 'é%', 'https://h.example/%C3%A9%25'],
  ])('when a value lands in the %s, then %s with %j renders %s', (_part, url, x, expected) => {
    expect(urlOf(url, x)).toBe(expected);
  });

  it('when a value is a number or boolean, then its text is inserted', () => {
    expect(urlOf('https://h.example/q?n={{task.x}}', 42)).toBe('https://h.example/q?n=42');
  });

  it.each([
    ['. as a whole path value', 'https://h.example/a/{{task.x}}/b', '..'],
    ['broken UTF-16', 'https://h.example/a?k={{task.x}}', '\ud800'],
  ])('when a value cannot be encoded (%s), then the rule does not apply', (_why, url, x) => {
    const ruleSet = ruleSetOf(call(`statusCallbackUrl: "${url}"`));
    const decision = ruleSet.decide(task({ x }), 0);
    expect(decision.rule).toBe('fallback');
    expect(decision.skipped).toEqual([
      {
        rule: 'r',
        param: 'statusCallbackUrl',
        reason: 'a value cannot be percent-encoded there (. or .. as a path, or broken UTF-16)',
      },
    ]);
  });

  it('when the value is missing, then the optional URL param is left out as before', () => {
    const ruleSet = ruleSetOf(call('statusCallbackUrl: "https://h.example/?k={{task.x}}"'));
    const decision = ruleSet.decide(task({}), 0);
    expect(decision.rule).toBe('r');
    expect(decision.instruction?.params).not.toHaveProperty('statusCallbackUrl');
  });
});

describe('URL params: the scheme and host are the rule’s', () => {
  it.each([
    ['https://{{task.host}}/twiml', '{{task.host}} is in the scheme or host of the URL'],
    [
      'https://twiml.example.com:{{task.port}}/x',
      '{{task.port}} is in the scheme or host of the URL',
    ],
    ['https://{{worker.sub}}.example.com/x', '{{worker.sub}} is in the scheme or host of the URL'],
    ['{{task.url}}', '{{task.url}} is in the scheme or host of the URL'],
    [
      'ftp://files.example.com/{{task.x}}',
      'expected an absolute URL starting with https:// or http://',
    ],
  ])('when url is %j, then loading fails at its file, line and rule', (url, message) => {
    const problems = problemsOf(
      rules('redirect', `callSid: CA0123456789abcdef0123456789abcdef\nurl: "${url}"`),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({
      file: 'rules-0.yaml',
      line: 7,
      rule: 'r',
      path: 'rules[0].params.url',
    });
    expect(problems[0]?.message).toContain(message);
  });

  it('when a literal URL is not absolute http(s), then loading fails', () => {
    expect(problemsOf(call('statusCallbackUrl: /relative'))[0]).toMatchObject({
      line: 8,
      rule: 'r',
      message: 'expected an absolute https:// or http:// URL but found "/relative"',
    });
  });

  it('when the host comes from {{raw …}}, then it loads, goes in as is, and what follows is encoded strictly', () => {
    const ruleSet = ruleSetOf(call('statusCallbackUrl: "{{raw worker.base}}/cb/{{task.x}}"'));
    const decided = (base: string) =>
      ruleSet.decide(factsOf({ worker: { base }, task: { x: 'a&b=c' } }), 0);
    expect(decided('https://pbx.example.com').instruction?.params.statusCallbackUrl).toBe(
      'https://pbx.example.com/cb/a%26b%3Dc',
    );
    expect(decided('javascript:alert(1)//')).toMatchObject({
      rule: 'fallback',
      skipped: [
        {
          rule: 'r',
          param: 'statusCallbackUrl',
          reason: 'the rendered URL is not an absolute http(s) URL',
        },
      ],
    });
  });

  it('when {{raw …}} is used in a param that is neither a URL nor an address, then loading fails', () => {
    expect(problemsOf(call('record: "{{raw task.x}}"'))[0]).toMatchObject({
      line: 8,
      message: '{{raw task.x}} applies only to URL and address params',
      hint: 'write {{task.x}}',
    });
  });
});

describe('address params: the documented forms only', () => {
  const decideTo = (to: string, facts: CallbackFacts) =>
    ruleSetOf(call(`to: "${to}"`)).decide(facts, 0);

  it.each([
    ['{{task.x}}', '+14155550100'],
    ['{{task.x}}', 'client:alice_2Esmith'],
    ['client:{{task.x}}', 'alice'],
    ['+{{task.x}}', '4915112345678'],
    ['sip:{{task.x}}@pbx.example.com', 'alice'],
    ['sip:{{task.x}}@pbx.example.com;transport=tls', '+4930123'],
    ['{{raw task.x}}', 'sip:agent@pbx.example.com'],
  ])('when to is %j and the value %j, then the rule applies', (to, x) => {
    const decision = decideTo(to, task({ x }));
    expect(decision.rule).toBe('r');
    expect(decision.skipped).toBeUndefined();
  });

  it('when a worker attribute holds a sip: address, then to: "{{worker.contact_uri}}" dials it (worker attributes are the operator’s)', () => {
    const decision = decideTo(
      '{{worker.contact_uri}}',
      factsOf({ worker: { contact_uri: 'sip:alice@pbx.example.com' } }),
    );
    expect(decision.instruction?.params.to).toBe('sip:alice@pbx.example.com');
  });

  const FORMS = 'expected an E.164 number (+ and 1 to 15 digits), client:name or sip:user@host';
  it.each([
    ['{{task.x}}', '14155550100', FORMS],
    ['{{task.x}}', '+1 415 555 0100', FORMS],
    ['{{task.x}}', 'client:alice?mode=x', FORMS],
    ['{{task.x}}', 'tel:+14155550100', FORMS],
    ['client:{{task.x}}', 'a b', FORMS],
    ['sip:{{task.x}}@pbx.example.com', 'bob@evil.example;x=', FORMS],
    ['sip:{{task.x}}@pbx.example.com', 'bob;transport=tls', FORMS],
    ['sip:{{task.x}}', 'someone@elsewhere', expect.stringMatching(/^a sip: address from task/)],
  ])('when to is %j and the value %j, then the rule does not apply', (to, x, reason) => {
    const decision = decideTo(to, task({ x }));
    expect(decision.rule).toBe('fallback');
    expect(decision.skipped).toEqual([{ rule: 'r', param: 'to', reason }]);
  });

  it('when from renders a sip: address, then the rule does not apply: a caller ID is a number or client', () => {
    const ruleSet = ruleSetOf(rules('conference', 'from: "{{task.x}}"'));
    expect(ruleSet.decide(task({ x: 'sip:a@b.example' }), 0).skipped).toEqual([
      {
        rule: 'r',
        param: 'from',
        reason: 'expected an E.164 number (+ and 1 to 15 digits) or client:name',
      },
    ]);
    expect(ruleSet.decide(task({ x: '+18005550100' }), 0).instruction?.params.from).toBe(
      '+18005550100',
    );
  });

  it.each([
    ['to: "4155550100"', 8, 'write the number as + and digits only'],
    ['to: "sip:a@b@c"', 8, undefined],
  ])(
    'when a literal %s does not fit, then loading fails at its line with a hint',
    (param, line, hint) => {
      const [problem] = problemsOf(call(param));
      expect(problem).toMatchObject({ line, rule: 'r', path: 'rules[0].params.to' });
      expect(problem?.message).toMatch(/^expected an E\.164 number .* but found/);
      expect(problem?.hint).toBe(hint);
    },
  );

  it('when a literal from is a sip: address, then loading fails', () => {
    expect(problemsOf(rules('dequeue', 'from: "sip:a@b.example"'))[0]?.message).toBe(
      'expected an E.164 number (+ and 1 to 15 digits) or client:name but found "sip:a@b.example"',
    );
  });
});

describe('explain and the decision say why a rule was skipped, without the value', () => {
  const ruleSet = ruleSetOf(call('to: "{{task.x}}"'));
  const facts = task({ x: SIP_ELSEWHERE });

  it('when a value is refused, then explain shows param-refused with the param and the form expected', () => {
    const explanation = ruleSet.explain(facts, 0);
    expect(explanation.rules[0]).toMatchObject({
      rule: 'r',
      outcome: 'param-refused',
      skip: { param: 'to', reason: expect.stringMatching(/^a sip: address from task/) },
    });
    expect(explanation.rules[1]?.outcome).toBe('chosen');
    expect(explanation.decision).toEqual(ruleSet.decide(facts, 0));
    const text = formatExplanation(explanation);
    expect(text).toContain(
      "param-refused r (rules-0.yaml:3)\n    param 'to' refused: a sip: address",
    );
    expect(text).not.toContain('elsewhere');
  });

  it('when nothing is skipped, then the decision has no skipped field and is the prebuilt one', () => {
    const fixed = ruleSetOf(call('to: "+14155550100"'));
    const first = fixed.decide(facts, 0);
    expect(first).not.toHaveProperty('skipped');
    expect(fixed.decide(task({}), 1)).toBe(first);
  });
});

describe('rules check warnings', () => {
  const warningsOf = (params: string, instruction = 'call') => {
    const yaml = instruction === 'call' ? call(params) : rules(instruction, params);
    const result = compileYaml(yaml);
    if (!result.ok) {
      throw new Error(JSON.stringify(result.problems));
    }
    return result.warnings.map((w) => w.message);
  };

  it.each([
    [
      'statusCallbackUrl: "https://h.example/?t={{task.x}}"',
      /statusCallbackUrl: \{\{task\.x\}\} is percent-encoded into the URL/,
    ],
    [
      'statusCallbackUrl: "{{raw task.base}}/cb"',
      /statusCallbackUrl: \{\{raw task\.base\}\} goes in unencoded: the attribute can choose where the request goes/,
    ],
    ['to: "{{task.x}}"', /to: \{\{task\.x\}\} chooses who is dialled/],
    ['to: "{{raw task.x}}"', /to: \{\{raw task\.x\}\} goes in unencoded: .*sip: included/],
  ])('when %s, then it is warned about', (param, message) => {
    const warnings = warningsOf(param);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(message);
  });

  it('when from is a template, then it is warned about', () => {
    expect(warningsOf('from: "{{task.to}}"', 'conference')).toEqual([
      'from: {{task.to}} chooses the caller ID shown',
    ]);
  });

  it.each([
    ['to: "{{worker.contact_uri}}"'],
    ['to: "client:{{task.x}}"'],
    ['to: "sip:{{task.x}}@pbx.example.com"'],
    ['statusCallbackUrl: "https://h.example/{{callback.TaskSid}}?w={{worker.sid}}"'],
    ['statusCallbackUrl: "{{raw worker.base}}/cb"'],
  ])('when %s (values the operator controls, or a fixed form), then nothing is warned', (param) => {
    expect(warningsOf(param)).toEqual([]);
  });
});

describe('URL encoding holds for any value', () => {
  const ALPHABET = [...'aZ09-._~!$&\'()*+,;=:@/?#[]% "<>\\^`{|}é€😀\n\t'];
  const randomText = (seed: number): string => {
    let state = seed;
    const next = (): number => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return state;
    };
    return Array.from({ length: 1 + (next() % 12) }, () => ALPHABET[next() % ALPHABET.length]).join(
      '',
    );
  };
  const ruleSet = ruleSetOf(
    call('statusCallbackUrl: "https://h.example/a/{{task.x}}/b?k={{task.x}}&n=1#{{task.x}}"'),
  );

  it('when 500 random values are rendered, then each stays in its path segment, query value and fragment', () => {
    for (let seed = 1; seed <= 500; seed += 1) {
      const x = randomText(seed);
      const decision = ruleSet.decide(task({ x }), 0);
      if (x === '.' || x === '..') {
        expect(decision.rule).toBe('fallback');
        continue;
      }
      const url = new URL(decision.instruction?.params.statusCallbackUrl as string);
      const segments = url.pathname.split('/');
      expect(url.host, x).toBe('h.example');
      expect(segments, x).toHaveLength(4);
      expect(decodeURIComponent(segments[2] ?? ''), x).toBe(x);
      expect([...url.searchParams.keys()], x).toEqual(['k', 'n']);
      expect(url.searchParams.get('k'), x).toBe(x);
      expect(decodeURIComponent(url.hash.slice(1)), x).toBe(x);
    }
  });
});
