/**
 * The forms TaskRouter documents for a contact address (E.164, `client:`, `sip:`), checked on
 * literals at load and on rendered values per decision.
 */
import type { AddressForm } from './instruction-catalog.js';
import type { Template } from '../expression/template.js';

const FORMS: Readonly<Record<AddressForm, RegExp>> = {
  e164: /^\+[1-9]\d{0,14}$/,
  // Twilio Client identities: letters, digits and _ (Flex escapes others as _2E…); no ?params.
  client: /^client:[A-Za-z0-9_.@-]{1,121}$/,
  // One @ only, the host a plain DNS name, then optional ;uri-params and ?headers without @.
  sip: /^sip:[A-Za-z0-9._~+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*(?::\d{1,5})?(?:;[A-Za-z0-9_.-]+(?:=[A-Za-z0-9_.-]+)?)*(?:\?[A-Za-z0-9_.~%=&-]+)?$/,
};

const DESCRIPTIONS: Readonly<Record<AddressForm, string>> = {
  e164: 'an E.164 number (+ and 1 to 15 digits)',
  client: 'client:name',
  sip: 'sip:user@host',
};

/** The form `value` takes, among `forms`; undefined when none. */
export function addressFormOf(
  forms: readonly AddressForm[],
  value: string,
): AddressForm | undefined {
  return forms.find((form) => FORMS[form].test(value));
}

/** `forms` in words, e.g. "an E.164 number (+ and up to 15 digits) or client:name". */
export function describeAddressForms(forms: readonly AddressForm[]): string {
  const words = forms.map((form) => DESCRIPTIONS[form]);
  return words.length <= 1
    ? (words[0] ?? '')
    : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1] ?? ''}`;
}

/**
 * True when the template writes `sip:` and the host itself, so placeholders fill only the user
 * part (`sip:{{worker.extension}}@pbx.example.com`): the SIP address form can then not take a
 * caller somewhere else.
 */
export function fixesSipHost(template: Template): boolean {
  const { parts } = template;
  const first = parts[0];
  let tail = '';
  for (const part of parts) {
    tail = typeof part === 'string' ? tail + part : '';
  }
  return typeof first === 'string' && first.startsWith('sip:') && tail.includes('@');
}
