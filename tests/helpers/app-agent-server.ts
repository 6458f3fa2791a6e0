// The desktop app's side of the agent without Electron: the vault unlocked in real services and
// served on the world's socket as the app serves it (headless: false), with an Allow/Deny that
// records each question and answers what the test set in `allow`.
import path from 'node:path';
import type { ReleaseQuestion } from '../../electron/agent/agent-methods';
import { startAgentServer, type AgentServer } from '../../electron/agent/server';
import { agentTarget } from '../../electron/agent/vault-id';
import { createGitLabPort } from '../../electron/app/gitlab-adapter';
import { createHandlerTable } from '../../electron/ipc';
import { createServices, type MainServices } from '../../electron/services';
import { PW, type AgentWorld } from './agent-env';

export interface AppAgent {
  services: MainServices;
  endpoint: string;
  vaultId: string;
  /** Every Allow/Deny the app was asked, in order. */
  questions: ReleaseQuestion[];
  /** What the person at the app answers next. */
  allow: boolean;
  close(): Promise<void>;
}

export async function startAppAgent(world: AgentWorld): Promise<AppAgent> {
  const services = createServices({
    vaultPath: world.vault,
    clipboard: { writeSecret: () => undefined, clearIfUnchanged: () => false },
    openExternal: () => undefined,
    emit: () => undefined,
    gitlab: createGitLabPort(),
  });
  let server: AgentServer | null = null;
  try {
    await services.api.vaultUnlock({ password: PW });
    const { vaultId } = await agentTarget(world.vault);
    const app: AppAgent = {
      services,
      endpoint: '',
      vaultId,
      questions: [],
      allow: false,
      close: async () => {
        await server?.close();
        await services.shutdown();
      },
    };
    server = await startAgentServer({
      endpoint: path.join(world.runtime, 'tokenvault', `${vaultId}.sock`),
      vaultId,
      services,
      table: createHandlerTable(services.api),
      headless: false,
      approveRelease: async (question) => {
        app.questions.push(question);
        return app.allow;
      },
      stop: () => undefined,
    });
    app.endpoint = server.endpoint;
    return app;
  } catch (error) {
    await server?.close();
    await services.shutdown();
    throw error;
  }
}
