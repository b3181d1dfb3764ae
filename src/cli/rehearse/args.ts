import type { Overrides } from '../../simulator/scenario/apply-overrides.js';
import { UsageError } from '../shared/usage-error.js';
import { parseOptions } from '../shared/parse-options.js';

/** What `rehearse` was asked to do. */
export interface RehearseArgs {
  readonly rulesPath: string | undefined;
  readonly scenarioPath: string;
  readonly overrides: Pick<Overrides, 'durationSeconds' | 'speed' | 'seed'>;
  readonly progressMs: number;
  readonly json: boolean;
}

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/;
const UNIT_SECONDS: Readonly<Record<string, number>> = { ms: 0.001, s: 1, m: 60, h: 3600 };

/** `90`, `90s`, `1.5m`, `1h`, `500ms` → seconds. */
export function parseDuration(text: string): number {
  const match = DURATION.exec(text.trim());
  const seconds = match ? Number(match[1]) * (UNIT_SECONDS[match[2] ?? 's'] ?? 1) : NaN;
  if (!(seconds > 0)) {
    throw new UsageError(`--duration must be a positive time such as 60s, 5m or 90; got "${text}"`);
  }
  return seconds;
}

function positive(name: string, text: string | undefined, integer = false): number | undefined {
  if (text === undefined) {
    return undefined;
  }
  const n = Number(text);
  if (
    !Number.isFinite(n) ||
    n < 0 ||
    (n === 0 && name !== 'progress') ||
    (integer && !Number.isInteger(n))
  ) {
    throw new UsageError(
      `--${name} must be a positive ${integer ? 'whole ' : ''}number; got "${text}"`,
    );
  }
  return n;
}

/** Parses `rehearse`'s argv; 'help' for --help. @throws UsageError */
export function parseRehearseArgs(argv: readonly string[]): RehearseArgs | 'help' {
  const values = parseOptions(argv, {
    rules: { type: 'string' },
    scenario: { type: 'string', default: 'config/examples/scenario.yaml' },
    duration: { type: 'string' },
    speed: { type: 'string' },
    seed: { type: 'string' },
    progress: { type: 'string', default: '5' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    return 'help';
  }
  const durationSeconds =
    values.duration === undefined ? undefined : parseDuration(values.duration);
  const speed = positive('speed', values.speed);
  const seed = positive('seed', values.seed, true);
  return {
    rulesPath: values.rules,
    scenarioPath: values.scenario,
    overrides: {
      ...(durationSeconds !== undefined && { durationSeconds }),
      ...(speed !== undefined && { speed }),
      ...(seed !== undefined && { seed }),
    },
    progressMs: (positive('progress', values.progress) ?? 0) * 1000,
    json: values.json,
  };
}
