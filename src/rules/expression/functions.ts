/**
 * Functions callable in a `when` expression, as a data registry. Both answer "is it open now?",
 * with `now` the moment handed to `decide()` (rules/ never reads the system clock):
 *
 * - `within("Mon-Fri 09:00-17:00", "Europe/Berlin")`: hours spec and IANA zone, inline.
 * - `schedule("business-hours")`: a named entry of the rules file's `schedules:` section.
 *
 * Arguments are literals, checked when the rules load.
 */
import type { LiteralNode } from './expression-ast.js';
import { createSchedule, type Schedule } from '../schedules/schedule.js';
import { didYouMean } from '../compile/suggest-name.js';
import type { ZoneResult } from '../schedules/zone-clock.js';

/** What a function may consult while it compiles. */
export interface FunctionContext {
  readonly schedules: ReadonlyMap<string, Schedule>;
  /** A shared clock per zone, so rules in one zone format the time once per minute. */
  clock(zone: string): ZoneResult;
}

/** A compiled function call: its answer and, for explain, the reading behind it. */
export interface CompiledCall {
  readonly test: (now: number) => boolean;
  readonly describe: (now: number) => string;
}

/** A load-time problem with a call; `argument` points at the argument it concerns. */
export interface CallProblem {
  readonly message: string;
  readonly hint?: string;
  readonly argument?: number;
}

/** One function of the registry. */
export interface FunctionSpec {
  /** How many arguments it takes; all are string literals. */
  readonly arity: number;
  readonly usage: string;
  compile(args: readonly string[], context: FunctionContext): CompiledCall | CallProblem;
}

function fromSchedule(schedule: Schedule, label: string): CompiledCall {
  return {
    test: (now) => schedule.isOpen(now),
    describe: (now) =>
      `${schedule.describe(now)} is ${schedule.isOpen(now) ? 'inside' : 'outside'} ${label}`,
  };
}

/** The functions an expression may call, by name. */
export const FUNCTIONS: Readonly<Record<string, FunctionSpec>> = Object.freeze({
  within: {
    arity: 2,
    usage: 'within("Mon-Fri 09:00-17:00", "Europe/Berlin")',
    compile([spec = '', zone = ''], context) {
      const clock = context.clock(zone);
      if (!clock.ok) {
        return {
          message: clock.message,
          argument: 1,
          ...(clock.hint === undefined ? {} : { hint: clock.hint }),
        };
      }
      const result = createSchedule([spec], clock.clock);
      if (!result.ok) {
        return { message: result.message, argument: 0, hint: result.hint };
      }
      return fromSchedule(result.schedule, JSON.stringify(spec));
    },
  },
  schedule: {
    arity: 1,
    usage: 'schedule("business-hours")',
    compile([name = ''], context) {
      const schedule = context.schedules.get(name);
      if (schedule === undefined) {
        const known = [...context.schedules.keys()];
        const hint =
          didYouMean(name, known) ??
          (known.length === 0 ? 'define it under schedules:' : `known: ${known.join(', ')}`);
        return { message: `unknown schedule '${name}'`, argument: 0, hint };
      }
      return fromSchedule(schedule, `schedule ${JSON.stringify(name)}`);
    },
  },
} satisfies Record<string, FunctionSpec>);

/** Checks a call's name and arguments, then compiles it. */
export function compileCall(
  name: string,
  args: readonly LiteralNode[],
  context: FunctionContext,
): CompiledCall | CallProblem {
  const spec = FUNCTIONS[name];
  if (spec === undefined || !Object.hasOwn(FUNCTIONS, name)) {
    return {
      message: `unknown function '${name}'`,
      hint: didYouMean(name, Object.keys(FUNCTIONS)) ?? 'functions are within() and schedule()',
    };
  }
  const { arity } = spec;
  const strings = args.flatMap((arg) => (typeof arg.value === 'string' ? [arg.value] : []));
  if (args.length !== arity || strings.length !== arity) {
    return {
      message: `${name}() takes ${arity} string argument${arity === 1 ? '' : 's'}`,
      hint: `e.g. ${spec.usage}`,
    };
  }
  return spec.compile(strings, context);
}
