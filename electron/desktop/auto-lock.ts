// Locks the vault when the person is away: after N minutes without input (polled from the
// OS idle clock, so it counts activity in other apps too), when the machine suspends, and
// when the screen locks. Electron is injected so tests drive the clock and the events.
//
// Screen lock: powerMonitor's 'lock-screen' event exists on macOS and Windows only. On Linux
// the same poll asks getSystemIdleState(), which reports 'locked' when the desktop's screen
// saver says so (GNOME, KDE and others over D-Bus); the poll runs everywhere, so the event and
// the poll back each other up, and the lock comes at most one poll late.
import type { PowerMonitor } from 'electron';

export const DEFAULT_AUTO_LOCK_MINUTES = 5;
/** How often the OS idle time and lock state are read; the lock comes at most this late. */
export const IDLE_POLL_MS = 10_000;

export type AutoLockReason = 'idle' | 'suspend' | 'screen-lock';

export interface AutoLockOptions {
  powerMonitor: Pick<PowerMonitor, 'getSystemIdleTime' | 'getSystemIdleState' | 'on' | 'removeListener'>;
  /** Locks the vault; called again only after the user has been active in between. */
  lock: (reason: AutoLockReason) => void;
  /** Idle minutes before locking, read at each poll (a settings change applies at once); 0 = never. */
  idleMinutes: () => number;
  /** About a minute before an idle lock (once per idle period): the window offers "Stay unlocked". */
  warn?: (secondsLeft: number) => void;
  pollMs?: number;
}

/** How long before the idle lock the warning comes. */
export const WARN_SECONDS = 60;

/** Starts watching; returns a function that stops it (on quit). */
export function startAutoLock(options: AutoLockOptions): () => void {
  const { powerMonitor, lock } = options;
  // Fire once per idle period (and once per screen lock), not every poll while the user stays away.
  let lockedThisIdlePeriod = false;
  let warnedThisIdlePeriod = false;
  let screenWasLocked = false;

  const pollScreenLock = () => {
    // The threshold only matters for 'idle' vs 'active'; 'locked' does not depend on it.
    const screenLocked = powerMonitor.getSystemIdleState(1) === 'locked';
    if (screenLocked && !screenWasLocked) lock('screen-lock');
    screenWasLocked = screenLocked;
  };

  const pollIdle = () => {
    const minutes = options.idleMinutes();
    const idleSeconds = powerMonitor.getSystemIdleTime();
    const limit = minutes * 60;
    // A one-minute lock is warned at half time: a warning as long as the wait would be noise.
    const warnAt = limit - Math.min(WARN_SECONDS, limit / 2);
    if (minutes <= 0 || idleSeconds < warnAt) warnedThisIdlePeriod = false;
    if (minutes <= 0 || idleSeconds < limit) {
      lockedThisIdlePeriod = false;
      if (minutes > 0 && idleSeconds >= warnAt && !warnedThisIdlePeriod) {
        warnedThisIdlePeriod = true;
        options.warn?.(Math.round(limit - idleSeconds));
      }
      return;
    }
    if (!lockedThisIdlePeriod) {
      lockedThisIdlePeriod = true;
      lock('idle');
    }
  };
  const poll = () => {
    pollScreenLock();
    pollIdle();
  };
  const onSuspend = () => lock('suspend');
  const onLockScreen = () => {
    // The next poll will see 'locked' too; it must not lock a second time.
    screenWasLocked = true;
    lock('screen-lock');
  };

  const interval = setInterval(poll, options.pollMs ?? IDLE_POLL_MS);
  interval.unref?.();
  powerMonitor.on('suspend', onSuspend);
  powerMonitor.on('lock-screen', onLockScreen);

  return () => {
    clearInterval(interval);
    powerMonitor.removeListener('suspend', onSuspend);
    powerMonitor.removeListener('lock-screen', onLockScreen);
  };
}
