import { Writable } from 'node:stream';
import { Gauge, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/shared/logger.js';
import { classifyFailure } from '../../../src/taskrouter/classify-failure.js';
import { createCredentialsAlarm } from '../../../src/taskrouter/create-credentials-alarm.js';

function setup(intervalMs: number) {
  const lines: { level: number; msg: string; refusedCalls?: number }[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(
        ...chunk
          .toString('utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as never),
      );
      cb();
    },
  });
  const gauge = new Gauge({ name: 'failing', help: 'h', registers: [new Registry()] });
  let clock = 0;
  const alarm = createCredentialsAlarm({
    gauge,
    log: createLogger({ level: 'info', destination: sink }),
    now: () => clock,
    intervalMs,
  });
  const value = async () => (await gauge.get()).values[0]?.value;
  return { alarm, lines, value, advance: (ms: number) => (clock += ms) };
}

const refused = classifyFailure({ status: 401, code: 20003 });

describe('createCredentialsAlarm', () => {
  it('when many calls are refused within one interval, then one error line is logged and the gauge is 1', async () => {
    const { alarm, lines, value, advance } = setup(60_000);
    for (let i = 0; i < 50; i += 1) {
      alarm.refused(refused);
      advance(100);
    }
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines.filter((l) => l.level === 50)).toHaveLength(1);
    expect(await value()).toBe(1);
  });

  it('when refusals go on past the interval, then the next line counts the calls refused since the last', async () => {
    const { alarm, lines, advance } = setup(1_000);
    alarm.refused(refused);
    for (let i = 0; i < 4; i += 1) {
      advance(300);
      alarm.refused(refused);
    }
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines.filter((l) => l.level === 50).map((l) => l.refusedCalls)).toEqual([1, 4]);
  });

  it('when a call succeeds again, then the gauge is 0 and the next refusal is logged at once', async () => {
    const { alarm, lines, value } = setup(60_000);
    alarm.refused(refused);
    alarm.accepted();
    expect(await value()).toBe(0);
    alarm.refused(refused);
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines.filter((l) => l.level === 50)).toHaveLength(2);
  });
});
