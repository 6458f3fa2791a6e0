// The kernel's table of Unix sockets, from iproute2's `ss` (sock_diag), asked through one small
// shell the agent keeps for it. Starting `ss` straight from the agent forked the agent itself —
// copying the page tables of its 100+ MiB, then a page fault for each page it wrote afterwards —
// about 15 ms of its CPU per request that releases a secret, as much as the rest of answering
// git; the shell is a few hundred KiB, and only it forks. Linux only (peer.ts says why `ss`).
import { spawn, type ChildProcess } from 'node:child_process';

/** `ss -xHn` (each socket's peer) or, with holders, `ss -xpHn` (and which processes hold it). */
export type TableKind = 'peers' | 'holders';

const END = '--tokenvault-ss-end--';
// One request per line: "p" for -p. The status after the end mark tells a failed `ss` (absent,
// refused) from an empty table. Nothing of the request's reaches the command line.
const SCRIPT = `while IFS= read -r kind; do if [ "$kind" = p ]; then ss -xpHn; else ss -xHn; fi; status=$?; echo; echo "${END} $status"; done`;
const ANSWER = new RegExp(`\\n${END} (\\d+)\\n$`);
const TIMEOUT_MS = 5000;
const MAX_BYTES = 32 * 1024 * 1024;

let helper: ChildProcess | null = null;
let queue: Promise<unknown> = Promise.resolve();

function startHelper(): ChildProcess {
  const child = spawn('/bin/sh', ['-c', SCRIPT], { stdio: ['pipe', 'pipe', 'ignore'] });
  // Never what keeps the agent running: when it ends, the shell reads end of input and ends too.
  child.unref();
  (child.stdin as unknown as { unref?(): void }).unref?.();
  (child.stdout as unknown as { unref?(): void }).unref?.();
  child.stdout!.setEncoding('utf8');
  // A write to a shell that has gone fails as an 'error' on its input: the ask then answers null.
  child.stdin!.on('error', () => undefined);
  const gone = () => {
    if (helper === child) helper = null;
  };
  child.on('error', gone); // no /bin/sh
  child.once('exit', gone);
  return child;
}

/** The table, or null; `healthy` false when the shell did not answer (gone, stuck, garbled). */
function askOnce(kind: TableKind): Promise<{ table: string | null; healthy: boolean }> {
  helper ??= startHelper();
  const child = helper;
  return new Promise((resolve) => {
    let out = '';
    let done = false;
    /** `healthy`: the shell answered (perhaps that `ss` failed) and may be asked again. */
    const finish = (answer: string | null, healthy = false) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.off('exit', onExit);
      child.off('error', onExit);
      if (!healthy) {
        // A stuck, gone or garbled helper is not asked again; the next request starts a fresh one.
        if (helper === child) helper = null;
        child.kill();
      }
      resolve({ table: answer, healthy });
    };
    const onData = (chunk: string) => {
      out += chunk;
      if (out.length > MAX_BYTES) return finish(null);
      const end = ANSWER.exec(out);
      if (end) finish(end[1] === '0' ? out.slice(0, end.index) : null, true);
    };
    const onExit = () => finish(null);
    const timer = setTimeout(() => finish(null), TIMEOUT_MS);
    timer.unref();
    child.stdout!.on('data', onData);
    child.once('exit', onExit);
    child.once('error', onExit);
    if (child.exitCode !== null || child.signalCode !== null) return finish(null);
    child.stdin!.write(kind === 'holders' ? 'p\n' : 'x\n', (error) => {
      if (error) finish(null);
    });
  });
}

/** The table as `ss` prints it, or null when it cannot be had (no `ss`, not permitted, no answer in 5 s). One ask at a time. */
export function unixSocketTable(kind: TableKind): Promise<string | null> {
  const answer = queue.then(async () => {
    const first = await askOnce(kind);
    // A shell that had gone (ended by someone, say) is replaced once, for this request too.
    return first.healthy ? first.table : (await askOnce(kind)).table;
  });
  queue = answer;
  return answer;
}
