import { describe, expect, it } from 'vitest';
import { DEFAULT_TIMEOUT_MS, parseReservationsArgs } from '../../../src/cli/reservations/args.js';
import { UsageError } from '../../../src/cli/shared/usage-error.js';

const WS = `WS${'1'.repeat(32)}`;
const WT = `WT${'2'.repeat(32)}`;
const WR = `WR${'3'.repeat(32)}`;
const WK = `WK${'4'.repeat(32)}`;
const REF = ['--workspace', WS, '--task', WT, '--reservation', WR];

function problemsOf(argv: string[]): readonly string[] {
  try {
    parseReservationsArgs(argv);
  } catch (err) {
    if (err instanceof UsageError) {
      return err.problems;
    }
    throw err;
  }
  throw new Error('expected a usage error');
}

describe('parseReservationsArgs', () => {
  it('when fetch gets the three SIDs, then it names the reservation with the default timeout', () => {
    expect(parseReservationsArgs(['fetch', ...REF])).toEqual({
      command: 'fetch',
      ref: { workspaceSid: WS, taskSid: WT, reservationSid: WR },
      timeoutMs: DEFAULT_TIMEOUT_MS,
    });
  });

  it('when list gets both filters (and --opt=value forms), then both are passed on', () => {
    expect(
      parseReservationsArgs([
        'list',
        `--workspace=${WS}`,
        '--task',
        WT,
        '--worker',
        WK,
        '--status',
        'pending',
        '--timeout-ms',
        '2500',
      ]),
    ).toEqual({
      command: 'list',
      workspaceSid: WS,
      taskSid: WT,
      filters: { workerSid: WK, reservationStatus: 'pending' },
      timeoutMs: 2500,
    });
  });

  it('when list has no filters, then the filters are empty (no undefined keys)', () => {
    const request = parseReservationsArgs(['list', '--workspace', WS, '--task', WT]);
    expect(request).toMatchObject({ command: 'list', filters: {} });
    expect(Object.keys((request as { filters: object }).filters)).toEqual([]);
  });

  it('when update gets an instruction, params, If-Match and --dry-run, then all are kept as given', () => {
    expect(
      parseReservationsArgs([
        'update',
        ...REF,
        'Conference',
        '--param',
        'from=+18001231234',
        '-p',
        'timeout=20',
        '--params',
        '{"record":true}',
        '--if-match',
        'etag-1',
        '--dry-run',
      ]),
    ).toEqual({
      command: 'update',
      ref: { workspaceSid: WS, taskSid: WT, reservationSid: WR },
      kind: 'conference',
      paramArgs: ['from=+18001231234', 'timeout=20'],
      paramsJson: '{"record":true}',
      ifMatch: 'etag-1',
      dryRun: true,
      timeoutMs: DEFAULT_TIMEOUT_MS,
    });
  });

  it('when SIDs are missing or malformed, then every problem is reported at once', () => {
    expect(problemsOf(['fetch', '--workspace', 'WS123', '--task', WR])).toEqual([
      '--workspace: expected a WS SID (WS and 32 hex digits) but found "WS123"',
      `--task: expected a WT SID (WT and 32 hex digits) but found "${WR}"`,
      '--reservation is required: the reservation SID (WR…)',
    ]);
  });

  it('when the status filter is misspelt, then the allowed values and the nearest one are given', () => {
    const [problem] = problemsOf(['list', '--workspace', WS, '--task', WT, '--status', 'acepted']);
    expect(problem).toMatch(
      /expected one of pending, accepted, .* but found "acepted": did you mean 'accepted'\?/,
    );
  });

  it('when an option is unknown, then the nearest option is suggested', () => {
    expect(problemsOf(['update', ...REF, 'accept', '--dryrun'])).toEqual([
      "unknown option --dryrun: did you mean '--dry-run'?",
    ]);
  });

  it('when the instruction is unknown, missing or followed by extra words, then it says so', () => {
    expect(problemsOf(['update', ...REF, 'acept'])).toEqual([
      `unknown instruction "acept": did you mean 'accept'?`,
    ]);
    expect(problemsOf(['update', ...REF])).toEqual([
      'the instruction is missing: one of accept, reject, conference, dequeue, call, redirect',
    ]);
    expect(problemsOf(['update', ...REF, 'accept', 'now'])).toEqual(['unexpected argument: now']);
  });

  it('when fetch or list get a positional argument, then it is refused', () => {
    expect(problemsOf(['fetch', ...REF, 'extra'])[0]).toMatch(/extra/);
  });

  it('when the subcommand is unknown, then the nearest is suggested', () => {
    expect(problemsOf(['fetc'])).toEqual([
      `unknown reservations command "fetc": did you mean 'fetch'?`,
    ]);
  });

  it('when the timeout is not a sensible number of milliseconds, then it is refused', () => {
    expect(problemsOf(['fetch', ...REF, '--timeout-ms', '5s'])[0]).toMatch(/--timeout-ms/);
    expect(problemsOf(['fetch', ...REF, '--timeout-ms', '10'])[0]).toMatch(/100 to 120000/);
  });

  it('when --help is anywhere, then help wins over other problems', () => {
    expect(parseReservationsArgs([])).toEqual({ command: 'help' });
    expect(parseReservationsArgs(['--help'])).toEqual({ command: 'help' });
    expect(parseReservationsArgs(['help', 'list'])).toEqual({
      command: 'help',
      subcommand: 'list',
    });
    expect(parseReservationsArgs(['fetch', '--bogus', '-h'])).toEqual({
      command: 'help',
      subcommand: 'fetch',
    });
    expect(parseReservationsArgs(['update', 'dequeue', '--help'])).toEqual({
      command: 'help',
      subcommand: 'update',
      kind: 'dequeue',
    });
  });
});
