import { pino, type DestinationStream, type Logger } from 'pino';
import { createLogDestination } from './create-log-destination.js';

export type { Logger } from 'pino';

/**
 * Paths censored wherever they appear in a log line. Callback attributes and instruction params
 * are never logged in the first place; these catch the rest (auth, signatures, contact data).
 */
export const REDACT_PATHS: readonly string[] = [
  'authToken',
  '*.authToken',
  'password',
  '*.password',
  'apiSecret',
  '*.apiSecret',
  'sipAuthPassword',
  '*.sipAuthPassword',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'headers["x-twilio-signature"]',
  '*.headers["x-twilio-signature"]',
  'signature',
  'to',
  'from',
  '*.to',
  '*.from',
  'contact_uri',
  '*.contact_uri',
  'params',
  '*.params',
  'TaskAttributes',
  'WorkerAttributes',
  '*.TaskAttributes',
  '*.WorkerAttributes',
];

export interface LoggerOptions {
  readonly level: string;
  /** Human-readable output (pino-pretty) instead of JSON lines; for terminals. */
  readonly pretty?: boolean;
  /** Where JSON lines go (tests capture them); stdout by default. */
  readonly destination?: DestinationStream;
}

/**
 * The root logger; modules take `log.child({ module })`.
 * @example
 * const log = createLogger({ level: 'info', pretty: process.stdout.isTTY });
 */
export function createLogger(opts: LoggerOptions): Logger {
  const base = {
    level: opts.level,
    redact: { paths: [...REDACT_PATHS], censor: '[redacted]' },
    base: { pid: process.pid },
  };
  if (opts.destination) {
    return pino(base, opts.destination);
  }
  if (opts.pretty) {
    return pino({ ...base, transport: { target: 'pino-pretty', options: { colorize: true } } });
  }
  return pino(base, createLogDestination());
}
