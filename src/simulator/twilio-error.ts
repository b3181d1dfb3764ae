/**
 * Twilio's REST error body (`{code, message, more_info, status}`), which twilio-node turns into a
 * `RestException` with the same `status` and `code`.
 */
export interface TwilioErrorBody {
  readonly code: number;
  readonly message: string;
  readonly more_info: string;
  readonly status: number;
}

/** The platform error codes the simulator answers with (https://www.twilio.com/docs/api/errors/<code>). */
export const TWILIO_ERRORS = {
  invalidParameter: 20001,
  authenticate: 20003,
  notFound: 20404,
  methodNotAllowed: 20004,
  preconditionFailed: 20412,
  tooManyRequests: 20429,
  internalError: 20500,
  serviceUnavailable: 20503,
} as const;

export function twilioError(status: number, code: number, message: string): TwilioErrorBody {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}
