/**
 * Params for one callback: templates rendered, values that cannot be used left out or refused.
 *
 * Two different things can be wrong with a rendered value, and they are treated differently:
 * - a placeholder is missing (null, empty, an array or an object): the param is left out, as if
 *   the rule had not set it; when the param is *required*, the rule cannot be carried out;
 * - a value is there but does not fit its param (an enum, a SID pattern, an address form, a URL
 *   part it cannot be encoded for): the rule does not apply, whether the param is required or not,
 *   because carrying it out without that param would not be what the rule says.
 * Either way the next rule is tried, and the reason is kept (never the value).
 */
import type { ParamEntry, Piece } from './compile/read-param.js';
import { isRefusal, type PieceOutcome, type Refusal } from './compile/template-piece.js';
import type { CallbackFacts, InstructionParams, ParamValue } from './types.js';

/** Why a matching rule could not be carried out: which param, and in words without its value. */
export interface RuleSkip {
  readonly skip: true;
  readonly outcome: 'param-missing' | 'param-refused';
  readonly param: string;
  readonly reason: string;
}

/** Rendered params, or why the rule cannot be carried out. */
export type RenderedParams = InstructionParams | RuleSkip;

/** True when `rendered` says the rule cannot be carried out. */
export function isRuleSkip<T extends object>(rendered: T | RuleSkip): rendered is RuleSkip {
  return (rendered as Partial<RuleSkip>).skip === true;
}

function renderPiece(piece: Piece, facts: CallbackFacts): PieceOutcome {
  return typeof piece === 'string' ? piece : piece.render(facts);
}

function renderEntry(entry: ParamEntry, facts: CallbackFacts): ParamValue | undefined | Refusal {
  switch (entry.kind) {
    case 'literal':
      return entry.value;
    case 'template':
      return entry.template.render(facts);
    case 'list': {
      const items: string[] = [];
      for (const piece of entry.pieces) {
        const item = renderPiece(piece, facts);
        if (isRefusal(item)) {
          return item;
        }
        if (item !== undefined) {
          items.push(item);
        }
      }
      return items.length === 0 ? undefined : Object.freeze(items);
    }
  }
}

/** True when rendering depends on the facts. */
export function isTemplated(entry: ParamEntry): boolean {
  return (
    entry.kind === 'template' ||
    (entry.kind === 'list' && entry.pieces.some((piece) => typeof piece !== 'string'))
  );
}

function skip(outcome: RuleSkip['outcome'], param: string, reason: string): RuleSkip {
  return Object.freeze({ skip: true, outcome, param, reason });
}

/** Renders every entry for `facts`, as a frozen object. */
export function renderParams(entries: readonly ParamEntry[], facts: CallbackFacts): RenderedParams {
  const out: Record<string, ParamValue> = {};
  for (const entry of entries) {
    const value = renderEntry(entry, facts);
    if (isRefusal(value)) {
      return skip('param-refused', entry.name, value.refused);
    }
    if (value !== undefined) {
      out[entry.name] = value;
    } else if (entry.spec.required === true) {
      return skip('param-missing', entry.name, 'required param rendered empty');
    }
  }
  return Object.freeze(out);
}
