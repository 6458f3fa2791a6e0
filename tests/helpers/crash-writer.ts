// Child process for the crash-safety test: writes entries as fast as it can and reports each
// one on standard output only after the vault call returned. The parent SIGKILLs it at random.
import fs from 'node:fs';
import { loadSodium, Vault } from '../../electron/vault/vault';

const [file, trial] = process.argv.slice(2) as [string, string];
await loadSodium();
const vault = Vault.open(file);
// The vault key sealed as quick unlock holds it (crash-safety.test.ts): no Argon2 in each child.
await vault.unlockWithSealedKey(Buffer.from(process.env.CRASH_SEALED_KEY!, 'hex'), Buffer.from(process.env.CRASH_WRAPPING_KEY!, 'hex'));
const say = (line: string) => fs.writeSync(1, `${line}\n`);
for (let n = 0; ; n++) {
  const name = `t${trial}-e${n}`;
  const secret = `glpat-${trial}-${n}-${'x'.repeat(n % 50)}`;
  const entry = vault.add({ name, kind: 'personal', scopes: ['read_api'], expiresAt: '2027-01-01' }, secret);
  say(`add ${name} ${secret}`);
  if (n % 4 === 3) {
    const rotated = `${secret}-rotated`;
    vault.replaceSecret(entry.id, rotated, { description: 'rotated' }, { at: new Date().toISOString(), action: 'rotated' });
    say(`add ${name} ${rotated}`);
  }
}
