import { describe, expect, it } from 'vitest';
import { gatherPerTick } from '../../../src/state/gather-per-tick.js';

/** A sender that records each batch it got and answers each item by doubling it (odd ones fail). */
function recordingSender() {
  const batches: number[][] = [];
  const send = (items: readonly number[]) => {
    batches.push([...items]);
    return Promise.resolve(
      items.map((n): PromiseSettledResult<number> =>
        n % 2 === 0
          ? { status: 'fulfilled', value: n * 2 }
          : { status: 'rejected', reason: new Error(`odd ${n}`) },
      ),
    );
  };
  return { batches, send };
}

describe('gatherPerTick', () => {
  it('when calls are made in the same turn of the event loop, then they go out in one batch, in order', async () => {
    const { batches, send } = recordingSender();
    const call = gatherPerTick(send);
    const results = await Promise.all([0, 2, 4, 6, 8].map(call));
    expect(results).toEqual([0, 4, 8, 12, 16]);
    expect(batches).toEqual([[0, 2, 4, 6, 8]]);
  });

  it('when calls are made in different turns, then each turn gets its own batch', async () => {
    const { batches, send } = recordingSender();
    const call = gatherPerTick(send);
    const first = Promise.all([call(2), call(4)]);
    await new Promise((resolve) => setImmediate(resolve));
    const second = call(6);
    expect(await first).toEqual([4, 8]);
    expect(await second).toBe(12);
    expect(batches).toEqual([[2, 4], [6]]);
  });

  it('when one item of a batch fails, then only its caller gets the error', async () => {
    const { send } = recordingSender();
    const call = gatherPerTick(send);
    const results = await Promise.allSettled([call(2), call(3), call(4)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toEqual(new Error('odd 3'));
  });

  it('when the whole batch fails, then every caller of that batch gets the error, and the next batch is sent', async () => {
    let fail = true;
    const call = gatherPerTick((items: readonly number[]) =>
      fail
        ? Promise.reject(new Error('connection lost'))
        : Promise.resolve(items.map((n) => ({ status: 'fulfilled' as const, value: n }))),
    );
    const results = await Promise.allSettled([call(1), call(2)]);
    expect(results).toEqual([
      { status: 'rejected', reason: new Error('connection lost') },
      { status: 'rejected', reason: new Error('connection lost') },
    ]);
    fail = false;
    expect(await call(7)).toBe(7);
  });

  it('when the sender throws synchronously, then the callers get the error rather than a crash', async () => {
    const call = gatherPerTick((): Promise<readonly PromiseSettledResult<number>[]> => {
      throw new Error('bad input');
    });
    await expect(call(1)).rejects.toThrow('bad input');
  });
});
