import type { ReservationJobData } from '../queue/contract.js';
import type { ReservationProducer } from '../queue/create-reservation-producer.js';
import type { ReservationRecord } from '../state/reservation-record.js';
import type { ClaimResult, ReservationStore } from '../state/reservation-store.js';

/** A job and how long the worker waits before taking it (a rule's `delay`). */
export interface JobToAdd {
  readonly data: ReservationJobData;
  readonly delayMs: number;
}

/** The two steps of an async decision, each settling as soon as it is known. */
export interface ClaimAndEnqueue {
  readonly claim: Promise<ClaimResult>;
  readonly queue: Promise<void>;
}

/** How the web process writes records and jobs. */
export interface ReservationWriter {
  /**
   * The record of a callback already answered (inline, or no instruction): gathered with others
   * for `windowMs` and written in one script call.
   */
  writeBehind(record: ReservationRecord): Promise<ClaimResult>;
  /**
   * The record and the job, sent at once, the claim first on the same connection: Redis runs a
   * connection's commands in order, so the job is never there before its record (a fast worker
   * would find nothing, and the late claim would leave a finished reservation `decided`:
   * 7b51f5c). The add goes out whatever the claim will say: it is a no-op when the job
   * exists, and repairs a job lost after an earlier delivery's claim.
   */
  claimAndEnqueue(record: ReservationRecord, job: JobToAdd): ClaimAndEnqueue;
  /** Sends whatever is gathered now and waits for everything sent; for shutdown. */
  flush(): Promise<void>;
}

export interface ReservationWriterDeps {
  readonly store: Pick<ReservationStore, 'claim' | 'claimMany'>;
  readonly producer: Pick<ReservationProducer, 'enqueue'>;
  /**
   * How long a record written behind an answer waits for others to share its round trip
   * (`RECORD_GATHER_MS`); 0 sends each at once. No answer waits for it.
   */
  readonly windowMs: number;
  /** A gathering is sent at once when it reaches this many. @defaultValue 64 */
  readonly maxBatch?: number;
}

/**
 * Writes records behind answers in gatherings (one script call for every record gathered in
 * `windowMs`, or `maxBatch` at once), so a busy web process pays Redis's round trip per
 * gathering rather than per callback. Claims and adds that an answer waits for are not
 * gathered: measured, that cost latency and saved no CPU (BullMQ's add costs the same in a
 * bulk, and claim and add already share one write).
 * @example const writer = createReservationWriter({ store, producer, windowMs: 10 });
 */
export function createReservationWriter(deps: ReservationWriterDeps): ReservationWriter {
  const maxBatch = deps.maxBatch ?? 64;
  let gathered: { record: ReservationRecord; settle: Settle<ClaimResult> }[] = [];
  let timer: NodeJS.Timeout | undefined;
  const sending = new Set<Promise<void>>();

  function send(): void {
    if (timer !== undefined) {
      clearTimeout(timer);
      timer = undefined;
    }
    const batch = gathered;
    gathered = [];
    if (batch.length === 0) {
      return;
    }
    const done = (
      batch.length === 1
        ? deps.store.claim((batch[0] as (typeof batch)[0]).record).then((c) => [c])
        : deps.store.claimMany(batch.map((p) => p.record))
    ).then(
      (claims) => batch.forEach((p, i) => p.settle.resolve(claims[i] as ClaimResult)),
      (err: unknown) => batch.forEach((p) => p.settle.reject(err)),
    );
    sending.add(done);
    void done.finally(() => sending.delete(done));
  }

  return {
    writeBehind(record) {
      const settle = deferred<ClaimResult>();
      gathered.push({ record, settle });
      if (deps.windowMs <= 0 || gathered.length >= maxBatch) {
        send();
      } else {
        timer ??= setTimeout(send, deps.windowMs);
      }
      return settle.promise;
    },
    claimAndEnqueue(record, job) {
      const claim = deps.store.claim(record);
      const queue = deps.producer.enqueue(job.data, { delayMs: job.delayMs });
      return { claim, queue };
    },
    async flush() {
      send();
      await Promise.all([...sending]);
    },
  };
}

interface Settle<T> {
  resolve(value: T): void;
  reject(reason: unknown): void;
}

function deferred<T>(): Settle<T> & { promise: Promise<T> } {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
