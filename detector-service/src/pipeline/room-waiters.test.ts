import { afterEach, describe, expect, it, vi } from 'vitest';
import { RoomWaiters } from './room-waiters.js';

describe('room waiters', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('wakes waiters in arrival order, as many as asked', async () => {
    const waiters = new RoomWaiters(1000, 10);
    const woken: number[] = [];
    const all = [0, 1, 2].map((i) => waiters.wait().then((room) => woken.push(room ? i : -i - 1)));
    waiters.wake(2);
    await Promise.resolve();
    await Promise.resolve();
    expect(woken).toEqual([0, 1]);
    expect(waiters.size).toBe(1);
    waiters.wake(1);
    await Promise.all(all);
    expect(woken).toEqual([0, 1, 2]);
  });

  it('refuses a waiter after the longest wait, and at once when too many wait or waiting is off', async () => {
    vi.useFakeTimers();
    const waiters = new RoomWaiters(500, 2);
    const first = waiters.wait();
    const second = waiters.wait();
    expect(await waiters.wait()).toBe(false); // a third is over the cap
    vi.advanceTimersByTime(499);
    waiters.wake(1);
    expect(await first).toBe(true);
    vi.advanceTimersByTime(1);
    expect(await second).toBe(false); // waited its 500 ms
    expect(waiters.size).toBe(0);
    expect(await new RoomWaiters(0, 10).wait()).toBe(false);
  });
});
