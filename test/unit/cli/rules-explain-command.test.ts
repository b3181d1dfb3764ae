import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExplainReport } from '../../../src/cli/rules/explain-callback.js';
import { createRulesExplainCommand } from '../../../src/cli/rules/explain-command.js';
import { captureIo } from '../../support/capture-io.js';
import { EXAMPLE_RULES, exampleText, replaceOnce, tempDir } from '../../support/rules-copies.js';

const SID = (prefix: string) => `${prefix}0123456789abcdef0123456789abcdef`;

/** The twelve parameters of an Assignment Callback for an enqueued VIP call offered to a senior. */
const FORM: Record<string, string> = {
  AccountSid: SID('AC'),
  WorkspaceSid: SID('WS'),
  WorkflowSid: SID('WW'),
  TaskQueueSid: SID('WQ'),
  WorkerSid: SID('WK'),
  WorkerAttributes: JSON.stringify({ level: 'senior', contact_uri: 'client:alice' }),
  TaskSid: SID('WT'),
  TaskAttributes: JSON.stringify({ type: 'voice', language: 'en', vip: true, call_sid: SID('CA') }),
  TaskAge: '12',
  TaskPriority: '0',
  ReservationSid: SID('WR'),
  Timestamp: '1715000000',
};

const SECRET_RULES = `version: 1
rules:
  - name: sip-conference
    instruction: conference
    params: { to: "sip:agent@example.com", sipAuthUsername: agent, sipAuthPassword: hunter2-secret }
`;

const SCHEDULE_RULES = `version: 1
defaults: { onNoMatch: leave }
rules:
  - name: office-hours
    when: within("Mon-Fri 09:00-17:00", "Europe/Berlin") AND task.type == "voice"
    instruction: accept
`;

describe('rules explain', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    tmp = tempDir();
  });
  afterEach(() => tmp.dispose());

  async function explain(argv: string[], env: Record<string, string> = {}) {
    const out = captureIo(env);
    const code = await createRulesExplainCommand(out.io)(argv);
    return { code, stdout: out.stdout(), stderr: out.stderr() };
  }
  const json = async (argv: string[]) => {
    const { code, stdout } = await explain([...argv, '--json']);
    expect(code).toBe(0);
    return JSON.parse(stdout) as ExplainReport;
  };

  it('when given the form parameters as JSON, then each rule, the decision and the exact REST fields are shown', async () => {
    const callback = tmp.write('callback.json', JSON.stringify(FORM));
    const { code, stdout } = await explain(['--callback', callback, EXAMPLE_RULES]);
    expect(stdout).toContain(`callback: callback parameters, reservation ${SID('WR')}`);
    expect(stdout).toMatch(
      /not-matched {3}vip-not-for-trainees \(config\/rules\.yaml:\d+\)\n {4}worker\.level == "trainee" {2}← {2}worker\.level is "senior"\n/,
    );
    expect(stdout).toMatch(/chosen {8}enqueued-calls \(config\/rules\.yaml:\d+\)\n/);
    expect(stdout).toMatch(
      /not-matched {3}spanish-voice .*\n {4}task\.language IN \["es", "es-MX"\] {2}← {2}task\.language is "en"\n/,
    );
    expect(stdout).toMatch(/shadowed {6}everything-else/);
    expect(stdout).toContain('decision: enqueued-calls → dequeue {');
    expect(stdout).toContain(
      [
        'REST update (sent by the worker: mode async)',
        `  POST https://taskrouter.twilio.com/v1/Workspaces/${SID('WS')}/Tasks/${SID('WT')}/Reservations/${SID('WR')}`,
        '  Instruction=dequeue',
        '  DequeuePostWorkActivitySid=WA0123456789abcdef0123456789abcdef',
        '  DequeueFrom=+18005550100',
        '  DequeueRecord=record-from-answer',
        '  DequeueTimeout=25',
        '  DequeueTo=client:alice',
        '  DequeueStatusCallbackUrl=https://assigner.example.com/twilio/call-status',
        '  DequeueStatusCallbackEvent=initiated',
        '  DequeueStatusCallbackEvent=ringing',
        '  DequeueStatusCallbackEvent=answered',
        '  DequeueStatusCallbackEvent=completed',
        'inline answer (not used: mode async)',
      ].join('\n'),
    );
    expect(stdout).toContain('"status_callback_events":"initiated,ringing,answered,completed"');
    expect(code).toBe(0);
  });

  it('when given a raw form body, then it is decided exactly as the same parameters in JSON', async () => {
    const body = tmp.write('callback.form', new URLSearchParams(FORM).toString());
    const asJson = tmp.write('callback.json', JSON.stringify(FORM));
    const fromBody = await json([
      '--callback',
      body,
      EXAMPLE_RULES,
      '--at',
      '2024-05-06T10:00:00Z',
    ]);
    const fromJson = await json([
      '--callback',
      asJson,
      EXAMPLE_RULES,
      '--at',
      '2024-05-06T10:00:00Z',
    ]);
    expect(fromBody).toEqual(fromJson);
    expect(fromBody.input).toEqual({
      kind: 'form',
      reservation: { workspaceSid: SID('WS'), taskSid: SID('WT'), reservationSid: SID('WR') },
      refusal: null,
    });
  });

  it('when given facts, then an inline rule shows its callback answer as the one used, and --json has every part', async () => {
    const facts = tmp.write(
      'facts.json',
      JSON.stringify({ task: { type: 'voice', language: 'es', to: '+14155550111' } }),
    );
    const report = await json(['--callback', facts]);
    expect(report.input.kind).toBe('facts');
    expect(report.verdicts.map((v) => [v.rule, v.outcome])).toEqual([
      ['vip-not-for-trainees', 'not-matched'],
      ['enqueued-calls', 'not-matched'],
      ['spanish-voice', 'chosen'],
      ['callback-requests', 'not-matched'],
      ['transfers', 'not-matched'],
      ['everything-else', 'shadowed'],
    ]);
    const [vip] = report.verdicts;
    expect(vip?.failures).toEqual([
      {
        text: 'task.vip == true',
        start: 0,
        end: 16,
        values: [null, true],
        reason: 'task.vip is missing (null)',
      },
    ]);
    expect(report.decision).toMatchObject({ rule: 'spanish-voice', mode: 'inline' });
    expect(report.rest?.form).toMatchObject({
      Instruction: 'conference',
      From: '+14155550111',
      Record: 'true',
      ConferenceStatusCallbackEvent: ['start', 'end', 'join', 'leave'],
    });
    expect(report.inline?.body).toMatchObject({ instruction: 'conference', from: '+14155550111' });
    const text = (await explain(['--callback', facts])).stdout;
    expect(text).toContain('inline answer (the callback answer: mode inline)');
    expect(text).toContain('(placeholder SIDs in the URL: the callback names no reservation)');
  });

  it('when a param is secret, then neither the decision, the REST form nor the inline answer shows it', async () => {
    const rules = tmp.write('secret.yaml', SECRET_RULES);
    const facts = tmp.write('facts.json', '{"task": {}}');
    const { stdout } = await explain(['--callback', facts, rules]);
    expect(stdout).not.toContain('hunter2-secret');
    expect(stdout).toContain('"sipAuthPassword":"[secret]"');
    expect(stdout).toContain('  SipAuthPassword=********');
    expect(stdout).toContain('"sip_auth_password":"[secret]"');
    expect((await explain(['--callback', facts, rules, '--json'])).stdout).not.toContain(
      'hunter2-secret',
    );
  });

  it('when --at is given, then schedules are checked at that moment', async () => {
    const rules = tmp.write('hours.yaml', SCHEDULE_RULES);
    const facts = tmp.write('facts.json', '{"task": {"type": "voice"}}');
    const saturday = await explain(['--callback', facts, rules, '--at', '2024-05-04T10:00:00Z']);
    expect(saturday.stdout).toContain('at:       2024-05-04T10:00:00.000Z');
    expect(saturday.stdout).toContain(
      'Sat 12:00 in Europe/Berlin is outside "Mon-Fri 09:00-17:00"',
    );
    expect(saturday.stdout).toContain(
      'decision: (no rule matched) → leave (no instruction), async',
    );
    expect(saturday.stdout).toContain('nothing is sent: the callback is answered {}');
    const monday = await explain(['--callback', facts, rules, '--at', '2024-05-06T10:00:00+02:00']);
    expect(monday.stdout).toContain('chosen        office-hours');
  });

  it('when the parameters would be refused by the service, then a warning says why and they are explained anyway', async () => {
    const partial = tmp.write('partial.form', 'TaskAttributes=%7B%22type%22%3A%22chat%22%7D');
    const { code, stdout } = await explain(['--callback', partial]);
    expect(stdout).toMatch(
      /warning: {2}the service would refuse this callback \(400\): .*AccountSid/,
    );
    expect(stdout).toContain('decision: everything-else → accept {}, async');
    expect(code).toBe(0);
  });

  it('when the rules do not load, then their problems are printed, exit 1', async () => {
    const rules = tmp.write(
      'rules.yaml',
      replaceOnce(exampleText(), 'instruction: accept\n\ntests:', 'instruction: acept\n\ntests:'),
    );
    const facts = tmp.write('facts.json', '{"task": {}}');
    const { code, stdout } = await explain(['--callback', facts, rules]);
    expect(stdout).toContain(
      '[everything-else] expected one of accept, reject, conference, dequeue, call, redirect but found the string "acept"',
    );
    expect(stdout).toContain("  hint: did you mean 'accept'?");
    expect(code).toBe(1);
  });

  it('when the rules fail their own tests, then the callback is explained all the same', async () => {
    const rules = tmp.write(
      'rules.yaml',
      replaceOnce(
        exampleText(),
        'expect: { rule: everything-else, instruction: accept }\n\n  - name: chats',
        'expect: { rule: transfers }\n\n  - name: chats',
      ),
    );
    const facts = tmp.write('facts.json', '{"task": {"type": "chat"}}');
    const { code, stdout } = await explain(['--callback', facts, rules]);
    expect(stdout).toContain('decision: everything-else → accept {}, async');
    expect(code).toBe(0);
  });

  it.each([
    ['no --callback', () => [], /--callback FILE is required/],
    [
      'a missing file',
      (dir: string) => ['--callback', `${dir}/nope.json`],
      /cannot read .*nope\.json/,
    ],
    ['bad JSON', (dir: string) => ['--callback', `${dir}/bad.json`], /not valid JSON/],
    ['a JSON array', (dir: string) => ['--callback', `${dir}/array.json`], /must be an object/],
    [
      'plain text',
      (dir: string) => ['--callback', `${dir}/text.txt`],
      /a JSON object or a form body/,
    ],
    [
      'facts that are not objects',
      (dir: string) => ['--callback', `${dir}/facts.json`],
      /"task" must be a JSON object/,
    ],
  ])('when given %s, then it is a usage error, exit 2', async (_what, argv, message) => {
    tmp.write('bad.json', '{"TaskSid": ');
    tmp.write('array.json', '[1, 2]');
    tmp.write('text.txt', 'hello there');
    tmp.write('facts.json', '{"task": "voice"}');
    const { code, stdout, stderr } = await explain(argv(tmp.dir));
    expect(stderr).toMatch(message);
    expect(stderr).toContain('run `taskrouter-assigner rules explain --help` for usage');
    expect(stdout).toBe('');
    expect(code).toBe(2);
  });
});
