import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createEventHandler } from '../../../src/assignment/handle-event.js';
import { createMetrics } from '../../../src/shared/create-metrics.js';
import { createMemoryReservationStore } from '../../support/memory-reservation-store.js';
import { createMemoryTimeline } from '../../support/memory-timeline.js';
import { aRecord } from '../../support/reservation-record-fixture.js';

const WR = `WR${'1'.repeat(32)}`;
const record = aRecord({
  reservationSid: WR,
  state: 'done',
  reason: 'updated',
  attempts: 1,
  finishedAt: 10,
});

describe('handleEvent and the timeline', () => {
  it('when an event names a reservation with a record, then it is noted at its arrival; an unknown one is not', async () => {
    const timeline = createMemoryTimeline();
    const store = createMemoryReservationStore(Date.now, timeline);
    await store.claim(record);
    const handle = createEventHandler({
      store,
      dropJob: () => Promise.resolve(),
      metrics: createMetrics(),
      log: pino({ level: 'silent' }),
      now: () => 1234,
      budgetMs: 2000,
    });
    await handle({ eventType: 'reservation.accepted', reservationSid: WR });
    await handle({ eventType: 'reservation.accepted', reservationSid: `WR${'2'.repeat(32)}` });
    await handle({ eventType: 'task.created', reservationSid: WR });
    expect([...timeline.marks.entries()]).toEqual([
      [WR, [{ kind: 'event', at: 1234, eventType: 'reservation.accepted' }]],
    ]);
  });
});
