// A password change costs one KDF run beyond the unlock: the CLI's passwd used to run Argon2id
// four times (unlock, a second check of the same password, a calibration probe, the new key).
// Every Argon2 run (in its worker or in this thread) is counted by kdf.ts's argon2RunCount().
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { VaultSession } from '../../electron/app/session';
import type { CliContext } from '../../electron/cli/context';
import { registerVaultCommands } from '../../electron/cli/vault-commands';
import { argon2RunCount, MIN_MEMORY, MIN_OPS, recalibrate, TEST_KDF } from '../../electron/vault/kdf';
import { loadSodium } from '../../electron/vault/sodium';
import { UnlockProof, Vault } from '../../electron/vault/vault';
import { fileBytes, newVault, PASSWORD } from '../helpers/vault-fixture';

const NEW = 'the new master password';
const MiB = 1024 * 1024;

async function countArgon2Runs(): Promise<{ runs: () => number }> {
  await loadSodium();
  const before = argon2RunCount();
  return { runs: () => argon2RunCount() - before };
}

/** `tokenvault passwd` in this process: the real command over a context whose prompts are scripted. */
async function passwd(vaultPath: string, answers: string[], args: string[] = []): Promise<string[]> {
  const out: string[] = [];
  const opened: Vault[] = [];
  const unused = () => {
    throw new Error('passwd should not need this');
  };
  const ctx: CliContext = {
    vaultPath: () => vaultPath,
    noPassword: () => false,
    mayUseAgent: () => false,
    prompt: { secret: async () => answers.shift() ?? '', confirm: async () => null },
    track: (vault) => {
      opened.push(vault);
      return vault;
    },
    secureFiles: async () => undefined,
    out: (text) => out.push(text),
    warn: unused,
    json: unused,
    progress: unused,
    openUnlocked: unused,
    agentTarget: unused,
    agent: unused,
    access: unused,
    openDirect: unused,
    letGo: unused,
  };
  const program = new Command('tokenvault').exitOverride();
  registerVaultCommands(program, ctx);
  try {
    await program.parseAsync(['passwd', '--decryption-time', '100', '--keep-old-backups', ...args], { from: 'user' });
    return out;
  } finally {
    for (const vault of opened) vault.close();
  }
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('passwd runs the KDF once for the new key, after the unlock', () => {
  it('the CLI command: two Argon2 runs in all (the unlock, the new key), and the vault opens with the new password only', async () => {
    const vault = await newVault();
    vault.add({ name: 'ci', kind: 'other' }, 'glpat-kdfRunsSecret');
    vault.close();
    const argon2 = await countArgon2Runs();
    const out = await passwd(vault.path, [PASSWORD, NEW, NEW]);
    expect(out[0]).toMatch(/re-encrypted under a new key/);
    expect(argon2.runs()).toBe(2);
    vi.restoreAllMocks();

    const reopened = Vault.open(vault.path);
    await expect(reopened.unlock(PASSWORD)).rejects.toMatchObject({ code: 'WRONG_PASSWORD' });
    await reopened.unlock(NEW);
    expect(reopened.readSecret(reopened.find('ci').id)).toBe('glpat-kdfRunsSecret');
    reopened.close();
  });

  it('the app: the dialog still checks the password it is given (one run) even straight after an unlock, then one for the new key', async () => {
    const file = (await newVault()).path;
    const session = new VaultSession({ vaultPath: file, emit: () => {} });
    await session.unlock(PASSWORD);
    const before = fileBytes(file);
    const argon2 = await countArgon2Runs();
    // A passer-by at the unlocked app cannot skip the check: a wrong guess costs a full KDF run.
    await expect(session.changePassword('a passer-by guess', NEW)).rejects.toMatchObject({ code: 'WRONG_PASSWORD' });
    expect(argon2.runs()).toBe(1);
    expect(fileBytes(file).equals(before)).toBe(true);
    await session.changePassword(PASSWORD, NEW);
    expect(argon2.runs()).toBe(3);
    session.close();
  });
});

describe('the unlock proof', () => {
  it('is refused after a lock, from another unlock, or a second time, and nothing changes', async () => {
    const vault = await newVault();
    vault.close();
    const a = Vault.open(vault.path);
    const b = Vault.open(vault.path);
    const proofA = (await a.unlock(PASSWORD))!;
    await b.unlock(PASSWORD);
    const before = fileBytes(vault.path);
    // Another vault object's proof, a made-up one, and one from a retired unlock all fail.
    await expect(b.changePassword(proofA, NEW, { kdf: TEST_KDF })).rejects.toMatchObject({ code: 'WRONG_PASSWORD' });
    await expect(a.changePassword(new UnlockProof(new Uint8Array(32)), NEW, { kdf: TEST_KDF })).rejects.toMatchObject({ code: 'WRONG_PASSWORD' });
    // The made-up proof retired the real one: it was good for one attempt.
    await expect(a.changePassword(proofA, NEW, { kdf: TEST_KDF })).rejects.toMatchObject({ code: 'WRONG_PASSWORD' });
    a.lock();
    const proofAfterRelock = (await a.unlock(PASSWORD))!;
    a.lock();
    await a.unlock(PASSWORD);
    await expect(a.changePassword(proofAfterRelock, NEW, { kdf: TEST_KDF })).rejects.toMatchObject({ code: 'WRONG_PASSWORD' });
    expect(fileBytes(vault.path).equals(before)).toBe(true);
    // Unlocking an unlocked vault checks nothing, so it proves nothing.
    expect(await a.unlock('not the password')).toBeNull();
    a.close();
    b.close();
  });
});

describe('recalibrate: the new key reuses the vault parameters unless they are weak for this machine', () => {
  const current = { opsLimit: 3, memLimitBytes: 256 * MiB };

  it('keeps them when they take at least half the target here (a loaded machine never lowers them)', () => {
    expect(recalibrate(current, 600, 1000)).toEqual({ alg: 'argon2id13', ...current });
    expect(recalibrate(current, 5000, 1000)).toEqual({ alg: 'argon2id13', ...current });
  });

  it('raises them, from the timing alone, when this machine runs them in under half the target', () => {
    const raised = recalibrate(current, 300, 1000);
    expect(raised.opsLimit * raised.memLimitBytes).toBeGreaterThan(current.opsLimit * current.memLimitBytes);
    // About the target: 300 ms for 3 × 256 MiB, so ~1000 ms is ~10 × 256 MiB of work.
    expect((raised.opsLimit * raised.memLimitBytes) / (256 * MiB)).toBeCloseTo(10, 0);
  });

  it('lifts a vault below the floor to at least 2 passes at 64 MiB, however slow this machine is', () => {
    for (const took of [10, 1000, 20_000]) {
      const lifted = recalibrate({ opsLimit: 1, memLimitBytes: 64 * MiB }, took, 1000);
      expect(lifted.opsLimit).toBeGreaterThanOrEqual(MIN_OPS);
      expect(lifted.memLimitBytes).toBeGreaterThanOrEqual(MIN_MEMORY);
    }
  });
});
