import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IDLE_POLL_MS, startAutoLock } from '../../electron/desktop/auto-lock';
import type { AutoLockOptions } from '../../electron/desktop/auto-lock';

/** powerMonitor with a settable idle clock; events are emitted by the test. */
class FakePowerMonitor extends EventEmitter {
  idleSeconds = 0;
  idleState: 'active' | 'idle' | 'locked' | 'unknown' = 'active';
  getSystemIdleTime() {
    return this.idleSeconds;
  }
  getSystemIdleState() {
    return this.idleState;
  }
}

function setup(idleMinutes = () => 5) {
  const powerMonitor = new FakePowerMonitor();
  const lock = vi.fn();
  const stop = startAutoLock({ powerMonitor, lock, idleMinutes } as unknown as AutoLockOptions);
  return { powerMonitor, lock, stop };
}

describe('startAutoLock', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('locks once the system has been idle for the configured minutes', () => {
    const { powerMonitor, lock } = setup();
    powerMonitor.idleSeconds = 4 * 60 + 59;
    vi.advanceTimersByTime(IDLE_POLL_MS);
    expect(lock).not.toHaveBeenCalled();
    powerMonitor.idleSeconds = 5 * 60;
    vi.advanceTimersByTime(IDLE_POLL_MS);
    expect(lock).toHaveBeenCalledExactlyOnceWith('idle');
  });

  it('locks once per idle period, and again after the user came back and left', () => {
    const { powerMonitor, lock } = setup();
    powerMonitor.idleSeconds = 600;
    vi.advanceTimersByTime(IDLE_POLL_MS * 5);
    expect(lock).toHaveBeenCalledTimes(1);
    powerMonitor.idleSeconds = 3;
    vi.advanceTimersByTime(IDLE_POLL_MS);
    powerMonitor.idleSeconds = 301;
    vi.advanceTimersByTime(IDLE_POLL_MS);
    expect(lock).toHaveBeenCalledTimes(2);
  });

  it('applies a changed setting at the next poll; 0 means never', () => {
    let minutes = 0;
    const { powerMonitor, lock } = setup(() => minutes);
    powerMonitor.idleSeconds = 10_000;
    vi.advanceTimersByTime(IDLE_POLL_MS * 3);
    expect(lock).not.toHaveBeenCalled();
    minutes = 1;
    vi.advanceTimersByTime(IDLE_POLL_MS);
    expect(lock).toHaveBeenCalledWith('idle');
  });

  it('locks on system suspend and on screen lock', () => {
    const { powerMonitor, lock } = setup();
    powerMonitor.emit('suspend');
    powerMonitor.emit('lock-screen');
    expect(lock.mock.calls).toEqual([['suspend'], ['screen-lock']]);
  });

  it('locks when the poll finds the screen locked (Linux has no lock-screen event), once per lock', () => {
    const { powerMonitor, lock } = setup();
    powerMonitor.idleState = 'locked';
    vi.advanceTimersByTime(IDLE_POLL_MS * 3);
    expect(lock).toHaveBeenCalledExactlyOnceWith('screen-lock');
    powerMonitor.idleState = 'active';
    vi.advanceTimersByTime(IDLE_POLL_MS);
    powerMonitor.idleState = 'locked';
    vi.advanceTimersByTime(IDLE_POLL_MS);
    expect(lock.mock.calls).toEqual([['screen-lock'], ['screen-lock']]);
  });

  it('does not lock twice when the lock-screen event and the poll both see one screen lock', () => {
    const { powerMonitor, lock } = setup();
    powerMonitor.emit('lock-screen');
    powerMonitor.idleState = 'locked';
    vi.advanceTimersByTime(IDLE_POLL_MS * 2);
    expect(lock).toHaveBeenCalledExactlyOnceWith('screen-lock');
  });

  it('treats idle and unknown states as not locked', () => {
    const { powerMonitor, lock } = setup();
    for (const state of ['idle', 'unknown'] as const) {
      powerMonitor.idleState = state;
      vi.advanceTimersByTime(IDLE_POLL_MS);
    }
    expect(lock).not.toHaveBeenCalled();
  });

  it('stops polling and listening when stopped', () => {
    const { powerMonitor, lock, stop } = setup();
    stop();
    powerMonitor.idleSeconds = 10_000;
    vi.advanceTimersByTime(IDLE_POLL_MS * 3);
    powerMonitor.emit('suspend');
    expect(lock).not.toHaveBeenCalled();
    expect(powerMonitor.listenerCount('suspend')).toBe(0);
    expect(powerMonitor.listenerCount('lock-screen')).toBe(0);
  });
});
