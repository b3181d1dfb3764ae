import { describe, expect, it } from 'vitest';
import { specializeConstant } from '../../../src/rules/expression/constant-compare.js';
import { OPERATOR_NAMES, OPERATORS } from '../../../src/rules/expression/operators.js';
import type { LiteralValue } from '../../../src/rules/expression/expression-ast.js';

const CONSTANTS: LiteralValue[] = [
  'voice',
  '',
  '60',
  '1e3',
  'true',
  60,
  0,
  -2.5,
  true,
  false,
  null,
];
const VALUES: unknown[] = [
  ...CONSTANTS,
  '60.0',
  ' 60',
  'Voice',
  59,
  61,
  '61',
  '-2.5',
  1000,
  ['voice'],
  { a: 1 },
];

describe('specializeConstant', () => {
  it('when specialised, then every operator gives what the generic operator gives, for every value', () => {
    const differences: string[] = [];
    let specialised = 0;
    for (const op of OPERATOR_NAMES) {
      for (const constant of CONSTANTS) {
        const check = specializeConstant(op, constant);
        specialised += check === undefined ? 0 : 1;
        for (const value of VALUES) {
          if (check !== undefined && check(value) !== OPERATORS[op].test(value, constant)) {
            differences.push(`${JSON.stringify(value)} ${op} ${JSON.stringify(constant)}`);
          }
        }
      }
    }
    expect(differences).toEqual([]);
    expect(specialised).toBeGreaterThan(15);
  });

  it.each([
    ['==', 60],
    ['==', '60'],
    ['!=', 'voice'],
    ['CONTAINS', 'x'],
    ['>', '60'],
  ] as const)(
    'when the operator is %s and the constant %j, then the generic operator is used',
    (op, constant) => {
      expect(specializeConstant(op, constant)).toBeUndefined();
    },
  );
});
