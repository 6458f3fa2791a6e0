// "Is this the master password?" asked by a program on the agent's socket. Offline, against the
// vault file, each guess costs one Argon2id derivation at the vault's own parameters; the agent
// holds the password and could answer in a microsecond (a constant-time compare), which made
// `tokensAdd` a guessing machine (~120 guesses/s, nothing logged). Here every such question
// costs that same derivation (in the KDF worker, as unlocking does), and the questions of one
// agent wait in one queue, so parallel connections cannot multiply the rate.
import { VaultError } from '../vault/errors';
import type { Vault } from '../vault/vault';

const queues = new WeakMap<object, Promise<unknown>>();

/** Whether `candidate` opens the vault, at one derivation's cost, one question at a time per agent (`owner`). */
export function isMasterPasswordSlowly(owner: object, vault: Vault, candidate: string): Promise<boolean> {
  const ask = async (): Promise<boolean> => {
    try {
      await vault.verifyPassword(candidate);
      return true;
    } catch (error) {
      if (error instanceof VaultError && error.code === 'WRONG_PASSWORD') return false;
      throw error;
    }
  };
  const answer = (queues.get(owner) ?? Promise.resolve()).then(ask, ask);
  queues.set(owner, answer.catch(() => undefined));
  return answer;
}
