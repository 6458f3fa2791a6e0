// Which vault is open, in words and a colour: the name and colour a person gives a vault (sealed
// in its settings, so they travel with it to another computer and into its backups), and the
// name it has until then, taken from its file name. Pure: the app, the CLI and tests share it.
import path from 'node:path';

import { DEFAULT_VAULT_COLOUR, VAULT_COLOURS, VAULT_NAME_MAX, type VaultColour } from './vault-colours';

export { DEFAULT_VAULT_COLOUR, VAULT_COLOURS, VAULT_NAME_MAX, type VaultColour };

export interface VaultLabel {
  name: string;
  colour: VaultColour;
}

/** "work.tokenvault" → "Work", "home-lab.db" → "Home lab"; the default file ("vault.tokenvault") → "My vault". */
export function defaultVaultName(vaultPath: string): string {
  const file = path.basename(vaultPath);
  const stem = (file.includes('.') ? file.slice(0, file.lastIndexOf('.')) : file).replace(/[-_.]+/g, ' ').trim();
  if (!stem || stem.toLowerCase() === 'vault') return 'My vault';
  return (stem.charAt(0).toUpperCase() + stem.slice(1)).slice(0, VAULT_NAME_MAX);
}

export const isVaultColour = (value: unknown): value is VaultColour => typeof value === 'string' && (VAULT_COLOURS as readonly string[]).includes(value);

/** The label to show: the vault's own name when it has one, else the one from its file name. */
export function vaultLabel(vaultPath: string, stored: { vaultName?: string | null; vaultColour?: string | null } | null): VaultLabel {
  const name = stored?.vaultName?.trim();
  return { name: name || defaultVaultName(vaultPath), colour: isVaultColour(stored?.vaultColour) ? stored.vaultColour : DEFAULT_VAULT_COLOUR };
}
