import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { sweepStaleReservations } from '../../../src/queue/sweep-stale-reservations.js';
import { createMetrics } from '../../../src/shared/create-metrics.js';
import type { ReservationRecord } from '../../../src/state/reservation-record.js';
import { createMemoryReservationStore } from '../../support/memory-reservation-store.js';
import { aRecord } from '../../support/reservation-record-fixture.js';

const record = (
  sid: string,
  deadline: number,
  state: ReservationRecord['state'],
): ReservationRecord => aRecord({ reservationSid: sid, state, deadline });

describe('sweepStaleReservations', () => {
  it('when records are past deadline plus grace without an outcome, then they are recorded expired (swept), and only they', async () => {
    const store = createMemoryReservationStore();
    for (const r of [
      record('WR-stale-decided', 10_000, 'decided'),
      record('WR-stale-updating', 20_000, 'updating'),
      record('WR-within-grace', 95_000, 'queued'),
      record('WR-future', 200_000, 'queued'),
      record('WR-done', 5_000, 'done'),
    ]) {
      store.records.set(r.reservationSid, r);
    }
    const metrics = createMetrics();
    const deps = {
      store,
      metrics,
      log: pino({ level: 'silent' }),
      now: () => 100_000,
      graceMs: 10_000,
    };
    expect(await sweepStaleReservations(deps)).toBe(2);
    expect(store.records.get('WR-stale-decided')).toMatchObject({
      state: 'expired',
      reason: 'swept',
    });
    expect(store.records.get('WR-stale-updating')).toMatchObject({
      state: 'expired',
      reason: 'swept',
    });
    expect(store.records.get('WR-within-grace')?.state).toBe('queued');
    expect(store.records.get('WR-future')?.state).toBe('queued');
    expect(store.records.get('WR-done')?.state).toBe('done');
    // A second sweeper (another worker) finds nothing left to do.
    expect(await sweepStaleReservations(deps)).toBe(0);
    expect(
      await metrics.registry.getSingleMetricAsString('tra_reservations_finished_total'),
    ).toContain('tra_reservations_finished_total{state="expired",reason="swept"} 2');
  });
});
