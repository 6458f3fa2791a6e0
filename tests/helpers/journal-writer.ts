// Child process for the audit-log crash test: logs copies of a team token into a team copy's
// journal, one after another, saying so only after each returned; with "sync", a team sync every
// few copies, so a kill can land inside a publish too. Runs until the parent SIGKILLs it.
import fs from 'node:fs';
import { teamSync } from '../../electron/team/team-sync';
import { loadSodium, Vault } from '../../electron/vault/vault';

const [file, password, tag, mode] = process.argv.slice(2) as [string, string, string, string];
await loadSodium();
const vault = Vault.open(file);
await vault.unlock(password);
const entry = vault.list()[0]!;
for (let n = 0; ; n++) {
  vault.logRelease({ at: new Date().toISOString(), entryId: entry.id, entryName: entry.name, purpose: 'run', command: `tokenvault run ${tag}-${n}`, peerPid: process.pid, peerExe: null, via: 'cli' });
  fs.writeSync(1, `logged ${tag}-${n}\n`);
  if (mode === 'sync' && n % 3 === 2) await teamSync(vault);
}
