import { Router } from 'express';
import { AppError } from '../shared/errors.js';
import type { ReservationRecord } from '../state/reservation-record.js';
import type { ReservationStore } from '../state/reservation-store.js';
import { requireBearerToken } from './require-bearer-token.js';

export interface AdminDeps {
  readonly token: string;
  readonly store: ReservationStore;
  readonly now: () => number;
}

const RESERVATION_SID = /^WR[0-9a-fA-F]{32}$/;

/** The record as the admin API shows it: no sealed response, plus the time left. */
export function presentRecord(rec: ReservationRecord, now: number) {
  const { sealedResponse: _sealed, ...visible } = rec;
  return { ...visible, timeLeftMs: Math.max(0, rec.deadline - now) };
}

/** `/admin/*`: read-only views of reservation records, behind `ADMIN_TOKEN`. */
export function createAdminRouter(deps: AdminDeps): Router {
  const router = Router();
  router.use(requireBearerToken(deps.token));
  router.get('/reservations/:sid', async (req, res) => {
    const sid = req.params.sid ?? '';
    if (!RESERVATION_SID.test(sid)) {
      throw new AppError('ERR_NOT_FOUND', 'Reservation SIDs are WR followed by 32 hex digits.');
    }
    const record = await deps.store.get(sid);
    if (!record) {
      throw new AppError('ERR_NOT_FOUND', `No record of ${sid}; records are kept 15 minutes past their deadline.`);
    }
    res.json(presentRecord(record, deps.now()));
  });
  return router;
}
