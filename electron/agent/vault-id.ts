// A vault's id, read from its header without the password: it names the agent's socket.
import { Vault } from '../vault/vault';

export function readVaultId(vaultPath: string): string {
  const vault = Vault.open(vaultPath, { readOnly: true });
  try {
    return vault.vaultId;
  } finally {
    vault.close();
  }
}
