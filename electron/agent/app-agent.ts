// The desktop app's side of the agent: main.ts hands over its services and handler table and
// calls ensure() whenever a vault may have appeared or been unlocked. The app serves its
// vault's socket for as long as it runs (locked, the socket answers only "locked", and the
// CLI asks for the password as before). If a headless agent already serves that vault, the
// app leaves it be and tries again at the next unlock.
import fs from 'node:fs';
import type { HandlerTable } from '../ipc';
import type { MainServices } from '../services';
import type { ReleaseQuestion } from './agent-methods';
import { endpointFor } from './endpoint';
import { startAgentServer, type AgentServer } from './server';
import { agentTarget } from './vault-id';

export interface AppAgentOptions {
  services: MainServices;
  table: HandlerTable;
  approveRelease: (question: ReleaseQuestion) => Promise<boolean>;
  env?: NodeJS.ProcessEnv;
  /** Told why the app could not serve (another agent, an unsafe folder): main logs it. */
  onError?: (error: unknown) => void;
}

export interface AppAgent {
  ensure(): Promise<void>;
  close(): Promise<void>;
  readonly endpoint: string | null;
}

export function createAppAgent(options: AppAgentOptions): AppAgent {
  let server: AgentServer | null = null;
  let starting: Promise<void> | null = null;
  let closed = false;

  const start = async () => {
    const path = options.services.session.path;
    if (server || closed || !fs.existsSync(path)) return;
    const target = await agentTarget(path);
    try {
      const started: AgentServer = await startAgentServer({
        endpoint: endpointFor(target, options.env),
        vaultId: target.vaultId,
        services: options.services,
        table: options.table,
        headless: false,
        approveRelease: options.approveRelease,
        stop: () => undefined,
        // The file replaced (a restore) or our socket taken: stop serving; the next ensure() starts afresh.
        watch: {
          vaultPath: path,
          fileTag: target.fileTag,
          onLost: (why) => {
            if (server === started) server = null;
            void started.close();
            options.onError?.(new Error(`The agent stopped serving ${path}: ${why}`));
          },
        },
      });
      server = started;
    } catch (error) {
      options.onError?.(error);
    }
  };

  return {
    ensure: () => {
      starting ??= start().finally(() => (starting = null));
      return starting;
    },
    close: async () => {
      closed = true;
      await starting;
      await server?.close();
      server = null;
    },
    get endpoint() {
      return server?.endpoint ?? null;
    },
  };
}
