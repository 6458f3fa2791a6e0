// Where the desktop app keeps its vault, so the CLI finds the same file by default.
// Mirrors Electron's app.getPath('userData') for the product name "Token Vault".
import os from 'node:os';
import path from 'node:path';

export const APP_FOLDER = 'Token Vault';
export const VAULT_FILE = 'vault.tokenvault';

export function userDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_FOLDER);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_FOLDER);
  return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), APP_FOLDER);
}

export function defaultVaultPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.TOKENVAULT_VAULT || path.join(userDataDir(env), VAULT_FILE);
}
