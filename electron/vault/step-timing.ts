// Where the time of a multi-step path goes (unlock → first rows), recorded only while a bench
// asks for it: off, a timed step is one null check. Wall time, and this process's CPU time
// (every thread's: read it beside the step's wall time, and remember that an awaited step's CPU
// includes whatever else the event loop ran meanwhile).
export interface StepRecord {
  name: string;
  /** performance.now() at the step's start. */
  at: number;
  wallMs: number;
  cpuMs: number;
}

let sink: StepRecord[] | null = null;

/** Start recording into `into` (null stops). The bench's business; the app never calls it. */
export function recordSteps(into: StepRecord[] | null): void {
  sink = into;
}

const cpuNow = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};

/** `name` may be a function, called only while recording (a name built per call costs nothing when off). */
export function timeStep<T>(name: string | (() => string), work: () => T): T {
  if (!sink) return work();
  const into = sink;
  const at = performance.now();
  const cpu = cpuNow();
  try {
    return work();
  } finally {
    into.push({ name: typeof name === 'string' ? name : name(), at, wallMs: performance.now() - at, cpuMs: cpuNow() - cpu });
  }
}

export async function timeStepAsync<T>(name: string | (() => string), work: () => Promise<T>): Promise<T> {
  if (!sink) return work();
  const into = sink;
  const at = performance.now();
  const cpu = cpuNow();
  try {
    return await work();
  } finally {
    into.push({ name: typeof name === 'string' ? name : name(), at, wallMs: performance.now() - at, cpuMs: cpuNow() - cpu });
  }
}
