/**
 * What `rules check` warns about in a template that loads fine but lets a callback's attributes
 * steer where a request goes or who is dialled. Warnings never refuse rules (`--strict` does).
 */
import type { ParamSpec } from './instruction-catalog.js';
import { isControlled, type Placeholder, type Template } from '../expression/template.js';
import type { TemplateProblem } from './template-piece.js';

const CALLER_ID = 'from';

function placeholdersOf(template: Template): Placeholder[] {
  return template.parts.filter((part): part is Placeholder => typeof part !== 'string');
}

const list = (placeholders: readonly Placeholder[], raw: boolean): string =>
  placeholders.map((p) => `{{${raw ? 'raw ' : ''}${p.path}}}`).join(', ');

/** The warnings for the template of param `name`. */
export function templateWarnings(
  name: string,
  spec: ParamSpec,
  template: Template,
): TemplateProblem[] {
  // Worker attributes and TaskRouter's SIDs are the operator's own: nothing to warn about.
  const placeholders = placeholdersOf(template).filter((p) => !isControlled(p));
  const raw = placeholders.filter((p) => p.raw);
  const encoded = placeholders.filter((p) => !p.raw);
  const warnings: TemplateProblem[] = [];
  if (raw.length > 0) {
    warnings.push({
      message: `${list(raw, true)} goes in unencoded: the attribute can choose ${spec.url === true ? 'where the request goes' : 'any address of the allowed forms, sip: included'}`,
      hint: 'use raw only for attributes you set yourself (worker.*)',
    });
  }
  if (spec.url === true && encoded.length > 0) {
    warnings.push({
      message: `${list(encoded, false)} is percent-encoded into the URL, but the attributes still choose that part of it`,
      hint: 'prefer values you control: worker.* attributes or SIDs such as callback.TaskSid',
    });
  }
  if (name === CALLER_ID && spec.address !== undefined && encoded.length > 0) {
    warnings.push({
      message: `${list(encoded, false)} chooses the caller ID shown`,
      hint: 'a literal number is safer; a rendered one must be a number or client your account may present',
    });
  } else if (
    spec.address !== undefined &&
    encoded.length > 0 &&
    typeof template.parts[0] !== 'string'
  ) {
    warnings.push({
      message: `${list(encoded, false)} chooses who is dialled: any E.164 number or client (sip: addresses from it are refused)`,
      hint: 'write the fixed part literally, e.g. client:{{worker.name}} or sip:{{worker.extension}}@pbx.example.com',
    });
  }
  return warnings;
}
