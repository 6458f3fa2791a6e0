// `tokenvault agent serve`: the headless agent. The same services and handler table as the
// desktop app, served on the vault's socket; no clipboard, no browser. It talks to GitLab for
// `tokenvault gitlab verify|rotate|revoke`, so their vault writes go through the one process
// that holds the vault (commands with connection options open the vault themselves). It idle-locks like the app (the vault's autoLockMinutes, or
// `unlock --minutes N`), locks when the machine wakes from sleep, and exits once it has
// been locked and unasked for a while, or on SIGTERM/SIGINT/SIGHUP (locking first).
import { ServiceError } from '../app/errors';
import { createHandlerTable } from '../ipc';
import { createServices } from '../services';
import { endpointFor } from './endpoint';
import { startAgentServer } from './server';
import { watchForSleep } from './sleep-watch';
import { agentTarget } from './vault-id';

export interface HeadlessOptions {
  vaultPath: string;
  env?: NodeJS.ProcessEnv;
  /** How long a locked agent waits for an unlock or a request before it exits. */
  lockedExitMs?: number;
}

export const LOCKED_EXIT_MS = 60_000;

export async function runHeadlessAgent(options: HeadlessOptions): Promise<{ endpoint: string; done: Promise<void> }> {
  const env = options.env ?? process.env;
  const target = await agentTarget(options.vaultPath);
  const { vaultId } = target;
  const lockedExitMs = options.lockedExitMs ?? (Number(env.TOKENVAULT_AGENT_LOCKED_EXIT_MS) || LOCKED_EXIT_MS);
  const services = createServices({
    vaultPath: options.vaultPath,
    clipboard: {
      writeSecret: () => {
        throw new ServiceError('NO_CLIPBOARD', 'The headless agent has no clipboard; the CLI copies.');
      },
      clearIfUnchanged: () => false,
    },
    openExternal: () => {
      throw new ServiceError('NO_BROWSER', 'The headless agent opens no browser.');
    },
    emit: () => undefined,
    // Loaded here, not at the top: the CLI bundles this file, and the HTTP stack would slow every command's start.
    gitlab: (await import('../app/gitlab-adapter')).createGitLabPort(),
  });

  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  let exitTimer: ReturnType<typeof setTimeout> | null = null;
  let stopping = false;

  const stop = async () => {
    if (stopping) return;
    stopping = true;
    stopSleepWatch();
    if (exitTimer) clearTimeout(exitTimer);
    await services.shutdown().catch(() => undefined);
    await server.close();
    finish();
  };
  /** Locked and nobody asking: leave. Every request restarts the wait. */
  const armExit = () => {
    if (exitTimer) clearTimeout(exitTimer);
    exitTimer = setTimeout(() => {
      if (!services.session.status().unlocked) void stop();
      else armExit();
    }, lockedExitMs);
  };

  const server = await startAgentServer({
    endpoint: endpointFor(target, env),
    vaultId,
    services,
    table: createHandlerTable(services.api),
    headless: true,
    stop: () => setImmediate(() => void stop()),
    onActivity: armExit,
    // Our socket replaced, or the vault file replaced or moved: nobody can reach us to lock, so lock and leave.
    watch: { vaultPath: options.vaultPath, fileTag: target.fileTag, onLost: () => void stop() },
    // For tests (and the impatient): how long a silent connection may hold a slot.
    idleMs: Number(env.TOKENVAULT_AGENT_IDLE_MS) || undefined,
  });
  const stopSleepWatch = watchForSleep(() => void services.lock('suspend'));
  armExit();
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.once(signal, () => void stop());
  return { endpoint: server.endpoint, done };
}
