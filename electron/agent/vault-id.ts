// A vault's id, read from its header without the password and without side effects: it names the agent's socket.
export { peekVaultId as readVaultId } from '../vault/vault-id';
