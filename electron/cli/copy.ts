// `copy`: the secret to the clipboard through clipboardy, cleared after the timeout only if
// the clipboard still holds it (the user may have copied something else meanwhile), as
// KeePassXC does; or to standard output with --stdout, for scripts.
import { copyToStdout } from './agent-served';
import { CliError, EXIT, type RegisterCommands } from './context';

function noClipboard(error: unknown): CliError {
  const detail = error instanceof Error ? (error.message.split('\n')[0] ?? '') : '';
  return new CliError(EXIT.failed, `No clipboard is available here (${detail.replace(/\.$/, '')}); use --stdout to print the secret instead.`);
}

const CLEAR_NOW = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

// Loaded only when a copy happens: it pulls in process-spawning code the other commands never need.
const loadClipboard = async () => (await import('clipboardy')).default;

async function clearIfUnchanged(secret: string): Promise<boolean> {
  const clipboard = await loadClipboard();
  try {
    if ((await clipboard.read()) !== secret) return false;
    await clipboard.write('');
    return true;
  } catch {
    return false;
  }
}

function waitForTimeoutOrSignal(seconds: number): { over: Promise<void>; cancel: () => void } {
  let cancel = () => {};
  const over = new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      for (const signal of CLEAR_NOW) process.off(signal, done);
      resolve();
    };
    const timer = setTimeout(done, seconds * 1000);
    for (const signal of CLEAR_NOW) process.once(signal, done);
    cancel = done;
  });
  return { over, cancel };
}

export const registerCopyCommand: RegisterCommands = (program, ctx) => {
  program
    .command('copy <ref>')
    .description('copy a secret to the clipboard (cleared after the timeout), or print it with --stdout')
    .option('--clear-after <seconds>', 'clear the clipboard after this many seconds (0: never)')
    .option('--stdout', 'print the secret on standard output instead')
    .action(async (ref: string, opts: { clearAfter?: string; stdout?: boolean }) => {
      if (opts.clearAfter !== undefined && !/^\d+$/.test(opts.clearAfter)) {
        throw new CliError(EXIT.usage, `--clear-after must be a whole number of seconds, not "${opts.clearAfter}".`);
      }
      if (opts.stdout) return copyToStdout(ctx, ref);
      const access = await ctx.access();
      const entry = await access.release(ref, 'copy', 'tokenvault copy (clipboard)');
      const secret = entry.secret;
      const seconds = opts.clearAfter === undefined ? (await access.settings()).clipboardClearSeconds : Number(opts.clearAfter);
      ctx.letGo();
      // Ctrl-C, a kill, or the terminal closing (SIGHUP) clear at once instead of leaving the
      // secret behind. Listen before the secret is written: a signal during the write, or right
      // after "Copied" is printed, must still lead to the clear.
      const wait = seconds === 0 ? undefined : waitForTimeoutOrSignal(seconds);
      const clipboard = await loadClipboard();
      try {
        await clipboard.write(secret);
      } catch (error) {
        wait?.cancel();
        throw noClipboard(error);
      }
      if (!wait) {
        ctx.out(`Copied "${entry.name}" to the clipboard; it will not be cleared.`);
        return;
      }
      ctx.out(`Copied "${entry.name}" to the clipboard; clearing it in ${seconds} s (Ctrl-C clears now).`);
      await wait.over;
      const cleared = await clearIfUnchanged(secret);
      ctx.out(cleared ? 'Clipboard cleared.' : 'The clipboard holds something else now; left it alone.');
    });
};
