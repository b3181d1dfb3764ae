import { INSTRUCTION_CATALOG } from './compile/instruction-catalog.js';
import type { Decision, ParamValue } from './types.js';

/** What a secret param value (catalog `secret: true`) is shown as outside `decide`. */
export const SECRET_MASK = '[secret]';

/** The decision with every secret param (catalog `secret: true`) replaced by `[secret]`. */
export function maskSecrets(decision: Decision): Decision {
  const { instruction } = decision;
  const catalog = instruction === null ? {} : INSTRUCTION_CATALOG[instruction.kind];
  const secrets = Object.keys(instruction?.params ?? {}).filter(
    (name) => catalog[name]?.secret === true,
  );
  if (instruction === null || secrets.length === 0) {
    return decision;
  }
  const params: Record<string, ParamValue> = { ...instruction.params };
  secrets.forEach((name) => (params[name] = SECRET_MASK));
  return { ...decision, instruction: { kind: instruction.kind, params } };
}
