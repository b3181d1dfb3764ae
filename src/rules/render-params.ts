/**
 * Params for one callback: templates rendered, values that cannot be used dropped.
 *
 * A template with a missing placeholder is dropped (see template.ts), and so is one whose text
 * its enum or SID pattern refuses: the REST API would refuse it anyway. When a *required* param
 * is dropped, the rule cannot be carried out and the next rule is tried.
 */
import type { ParamSpec } from './compile/instruction-catalog.js';
import { acceptsString } from './compile/param-value.js';
import type { ParamEntry, Piece } from './compile/read-param.js';
import { renderTemplate } from './expression/template.js';
import type { CallbackFacts, InstructionParams, ParamValue } from './types.js';

/** Rendered params, or the name of a required param that could not be rendered. */
export type RenderedParams = InstructionParams | string;

function renderPiece(spec: ParamSpec, piece: Piece, facts: CallbackFacts): string | undefined {
  if (typeof piece === 'string') {
    return piece;
  }
  const text = renderTemplate(piece, facts);
  return text !== undefined && acceptsString(spec, text) ? text : undefined;
}

function renderEntry(entry: ParamEntry, facts: CallbackFacts): ParamValue | undefined {
  switch (entry.kind) {
    case 'literal':
      return entry.value;
    case 'template':
      return renderPiece(entry.spec, entry.template, facts);
    case 'list': {
      const items = entry.pieces.flatMap((piece) => renderPiece(entry.spec, piece, facts) ?? []);
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

/** Renders every entry for `facts`, as a frozen object. */
export function renderParams(entries: readonly ParamEntry[], facts: CallbackFacts): RenderedParams {
  const out: Record<string, ParamValue> = {};
  for (const entry of entries) {
    const value = renderEntry(entry, facts);
    if (value !== undefined) {
      out[entry.name] = value;
    } else if (entry.spec.required === true) {
      return entry.name;
    }
  }
  return Object.freeze(out);
}
