import type { FaultKind, FaultOperation, FaultSpec } from '../types.js';
import { createPrng } from './create-prng.js';

/** The test-facing knobs (`sim.faults`). */
export interface FaultControl {
  /** Replaces every fault rule. */
  set(spec: FaultSpec | readonly FaultSpec[]): void;
  /** Adds a rule after the existing ones (the first rule that fires wins). */
  add(spec: FaultSpec): void;
  clear(): void;
  /** Faults injected since the last `set` or `clear`. */
  readonly injected: number;
}

/** The simulator-facing side: which fault, if any, a request gets. */
export interface FaultDecider extends FaultControl {
  decide(operationId: string): FaultSpec | null;
}

const KINDS: readonly FaultKind[] = [
  '401',
  '403',
  '404',
  '429',
  '500',
  '503',
  'slow',
  'hang',
  'reset',
  'reset-after-apply',
];

const CATEGORY: Readonly<Record<string, FaultOperation>> = {
  UpdateTaskReservation: 'update',
  UpdateWorkerReservation: 'update',
  FetchTaskReservation: 'fetch',
  FetchWorkerReservation: 'fetch',
  ListTaskReservation: 'list',
  ListWorkerReservation: 'list',
  FetchWorkflow: 'workflow',
};

interface ArmedRule {
  readonly spec: FaultSpec;
  readonly random: () => number;
  remaining: number;
}

/**
 * Fault rules decided per request, in arrival order: with `count`, the first N matching requests;
 * with `rate`, a draw from the rule's own seeded PRNG (so the same traffic gets the same faults);
 * with neither, every matching request.
 */
export function createFaultControl(): FaultDecider {
  let rules: ArmedRule[] = [];
  let injected = 0;

  const arm = (spec: FaultSpec): ArmedRule => {
    if (!KINDS.includes(spec.kind)) {
      throw new RangeError(`unknown fault kind "${spec.kind}"; use one of ${KINDS.join(', ')}`);
    }
    if (spec.rate !== undefined && spec.count !== undefined) {
      throw new RangeError('a fault takes rate or count, not both');
    }
    if (spec.rate !== undefined && !(spec.rate >= 0 && spec.rate <= 1)) {
      throw new RangeError(`fault rate must be within 0..1, got ${spec.rate}`);
    }
    if (spec.count !== undefined && !(Number.isInteger(spec.count) && spec.count >= 0)) {
      throw new RangeError(`fault count must be a whole number, got ${spec.count}`);
    }
    return { spec, random: createPrng(spec.seed ?? 1), remaining: spec.count ?? Infinity };
  };

  return {
    set(spec) {
      rules = (Array.isArray(spec) ? (spec as readonly FaultSpec[]) : [spec as FaultSpec]).map(arm);
      injected = 0;
    },
    add(spec) {
      rules.push(arm(spec));
    },
    clear() {
      rules = [];
      injected = 0;
    },
    get injected() {
      return injected;
    },
    decide(operationId) {
      for (const rule of rules) {
        const ops = rule.spec.operations;
        const category = CATEGORY[operationId];
        if (ops && !ops.includes(operationId) && !(category && ops.includes(category))) {
          continue;
        }
        if (rule.remaining <= 0) {
          continue;
        }
        // Only rate rules draw, so a rule's sequence depends only on the requests it matched.
        const hit = rule.spec.rate === undefined || rule.random() < rule.spec.rate;
        if (hit) {
          rule.remaining -= 1;
          injected += 1;
          return rule.spec;
        }
      }
      return null;
    },
  };
}
