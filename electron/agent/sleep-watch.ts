// Noticing that the machine slept, without Electron's powerMonitor: the wall clock moves on
// during suspend while the monotonic clock (CLOCK_MONOTONIC on Linux) does not, so a tick
// whose wall-clock gap far exceeds its monotonic gap came after a sleep.
export interface Clocks {
  wall(): number;
  monotonic(): number;
}

const systemClocks: Clocks = { wall: () => Date.now(), monotonic: () => performance.now() };

export function watchForSleep(onWake: () => void, options: { tickMs?: number; slackMs?: number; clocks?: Clocks } = {}): () => void {
  const tickMs = options.tickMs ?? 5000;
  const slackMs = options.slackMs ?? 30_000;
  const clocks = options.clocks ?? systemClocks;
  let wall = clocks.wall();
  let mono = clocks.monotonic();
  const timer = setInterval(() => {
    const nextWall = clocks.wall();
    const nextMono = clocks.monotonic();
    if (nextWall - wall - (nextMono - mono) > slackMs) onWake();
    wall = nextWall;
    mono = nextMono;
  }, tickMs);
  timer.unref();
  return () => clearInterval(timer);
}
