import { describe, expect, it, vi } from 'vitest';

// A tokenizer that fails the way a bug would (not with a syntax error).
vi.mock('../../../src/rules/expression/tokenize.js', () => ({
  tokenize: () => {
    throw new TypeError('tokenizer bug');
  },
}));

const { parseExpression } = await import('../../../src/rules/expression/parse-expression.js');

describe('parseExpression and unexpected errors', () => {
  it('when something other than a syntax error is thrown, then it propagates instead of becoming a rules problem', () => {
    expect(() => parseExpression('task.a == 1')).toThrow('tokenizer bug');
  });
});
