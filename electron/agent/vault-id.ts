// A vault's id, read from its header without the password and without side effects, and
// which file it is: together they name the agent's socket.
import { peekVaultId } from '../vault/vault-id';
import { fileTag, type AgentTarget } from './endpoint';

export { peekVaultId as readVaultId } from '../vault/vault-id';

export async function agentTarget(vaultPath: string): Promise<AgentTarget> {
  const vaultId = await peekVaultId(vaultPath);
  return { vaultId, fileTag: fileTag(vaultPath) };
}
