/**
 * A template in a string param, made ready at load to render safely per decision: URL values
 * percent-encoded for their part, address values held to their documented forms, enum and SID
 * values to theirs. A value that does not fit is refused with a reason that names the form
 * expected, never the value (reasons end up on reservation records).
 */
import { addressFormOf, describeAddressForms, fixesSipHost } from './address-form.js';
import type { ParamSpec } from './instruction-catalog.js';
import { acceptsString, describeExpected } from './param-value.js';
import { percentEncode } from './percent-encode.js';
import { HTTP_URL, planUrl } from './url-form.js';
import {
  isControlled,
  renderTemplateWith,
  type Insert,
  type Template,
} from '../expression/template.js';
import type { CallbackFacts } from '../types.js';

/** A rendered value that does not fit its param: why, in words without the value. */
export interface Refusal {
  readonly refused: string;
}

/** Text; undefined when a placeholder is missing; a Refusal when the value does not fit. */
export type PieceOutcome = string | undefined | Refusal;

/** A template piece of a param, with its renderer. */
export interface TemplatePiece {
  readonly template: Template;
  readonly render: (facts: CallbackFacts) => PieceOutcome;
}

/** A template that cannot be used as written, in the shape of a load problem. */
export interface TemplateProblem {
  readonly message: string;
  readonly hint?: string;
}

const refusal = (reason: string): Refusal => Object.freeze({ refused: reason });

function urlPiece(template: Template): TemplatePiece | TemplateProblem {
  const plan = planUrl(template);
  if (!plan.ok) {
    return { message: plan.message, hint: plan.hint };
  }
  const { parts, raw } = plan;
  const cannotEncode = refusal(
    'a value cannot be percent-encoded there (. or .. as a path, or broken UTF-16)',
  );
  const notUrl = refusal('the rendered URL is not an absolute http(s) URL');
  const insert: Insert = (text, placeholder, index) =>
    placeholder.raw ? text : percentEncode(text, parts.get(index) ?? 'opaque');
  return {
    template,
    render: (facts) => {
      const out = renderTemplateWith(template, facts, insert);
      if (out === null) {
        return cannotEncode;
      }
      return out !== undefined && raw && !HTTP_URL.test(out) ? notUrl : out;
    },
  };
}

function addressPiece(template: Template, spec: ParamSpec): TemplatePiece {
  const forms = spec.address ?? [];
  const placeholders = template.parts.filter((part) => typeof part !== 'string');
  const trusted =
    fixesSipHost(template) ||
    placeholders.some((p) => p.raw) ||
    placeholders.every((p) => isControlled(p));
  const wrongForm = refusal(`expected ${describeAddressForms(forms)}`);
  const sipFromValue = refusal(
    'a sip: address from task or callback values is refused: write sip:{{…}}@host, or {{raw …}} to trust it',
  );
  return {
    template,
    render: (facts) => {
      const out = renderTemplateWith(template, facts);
      if (out === undefined || out === null) {
        return undefined;
      }
      const form = addressFormOf(forms, out);
      if (form === undefined) {
        return wrongForm;
      }
      return form === 'sip' && !trusted ? sipFromValue : out;
    },
  };
}

function plainPiece(template: Template, spec: ParamSpec): TemplatePiece {
  const wrong = refusal(`expected ${describeExpected(spec)}`);
  return {
    template,
    render: (facts) => {
      const out = renderTemplateWith(template, facts) ?? undefined;
      return out === undefined || acceptsString(spec, out) ? out : wrong;
    },
  };
}

/** Prepares `template` for a param of `spec`; a problem when it cannot be used as written. */
export function createTemplatePiece(
  spec: ParamSpec,
  template: Template,
): TemplatePiece | TemplateProblem {
  if (spec.url === true) {
    return urlPiece(template);
  }
  if (spec.address !== undefined) {
    return addressPiece(template, spec);
  }
  const raw = template.parts.find((part) => typeof part !== 'string' && part.raw);
  if (raw !== undefined && typeof raw !== 'string') {
    return {
      message: `{{raw ${raw.path}}} applies only to URL and address params`,
      hint: `write {{${raw.path}}}`,
    };
  }
  return plainPiece(template, spec);
}

/** True for a Refusal (rendered values are strings, numbers, booleans or string lists). */
export function isRefusal(outcome: unknown): outcome is Refusal {
  return typeof outcome === 'object' && outcome !== null && 'refused' in outcome;
}
