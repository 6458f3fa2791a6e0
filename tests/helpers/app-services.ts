// The app's main side for tests that drive it through its API: a new vault (password "pw", KDF at
// the production minimum) in a temporary folder before each test, shut down and removed after.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import type { GitLabPort } from '../../electron/app/gitlab-port';
import { createServices, type MainServices } from '../../electron/services';
import { TEST_KDF } from '../../electron/vault/kdf';
import { tempDir } from './vault-fixture';

export const APP_PASSWORD = 'pw';

/** Registers the hooks in the calling describe block; `app.services` is the current test's. */
export function appWithVault(gitlab: GitLabPort): { services: MainServices } {
  const app = {} as { services: MainServices };
  let dir = '';
  beforeEach(async () => {
    dir = tempDir();
    app.services = createServices({
      vaultPath: join(dir, 'v.db'), clipboard: { writeSecret: () => undefined, clearIfUnchanged: () => false }, openExternal: () => undefined,
      emit: () => undefined, gitlab, kdf: TEST_KDF,
    });
    await app.services.api.vaultCreate({ password: APP_PASSWORD });
  });
  afterEach(async () => {
    await app.services.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });
  return app;
}
