// Child process for the restore-while-held test: a second Token Vault process (the app, a CLI
// `copy`) that keeps the vault open and unlocked and writes when told, reporting on standard
// output exactly what the vault said: `ok NAME START END` or `error NAME CODE START END`
// (milliseconds since the epoch around the call).
//   add NAME        one write
//   loop PREFIX     writes PREFIX-0, PREFIX-1, … until told `stop`, then says `done`
import fs from 'node:fs';
import readline from 'node:readline';
import { isVaultError } from '../../electron/vault/errors';
import { loadSodium, Vault } from '../../electron/vault/vault';

const [file, password] = process.argv.slice(2) as [string, string];
await loadSodium();
const vault = Vault.open(file);
await vault.unlock(password);
const say = (line: string) => fs.writeSync(1, `${line}\n`);

function add(name: string): void {
  const start = Date.now();
  try {
    vault.add({ name, kind: 'personal' }, `glpat-${name}`);
    say(`ok ${name} ${start} ${Date.now()}`);
  } catch (error) {
    say(`error ${name} ${isVaultError(error) ? error.code : 'UNEXPECTED'} ${start} ${Date.now()} ${(error as Error).message}`);
  }
}

let stopped = false;
say('ready');
for await (const line of readline.createInterface({ input: process.stdin })) {
  const [command, arg] = line.split(' ');
  if (command === 'add') add(arg!);
  if (command === 'stop') stopped = true;
  if (command === 'loop') {
    void (async () => {
      for (let n = 0; !stopped; n++) {
        add(`${arg}-${n}`);
        // Let the event loop breathe so the parent's `stop` gets through.
        await new Promise((r) => setImmediate(r));
      }
      say('done');
    })();
  }
  if (command === 'quit') break;
}
vault.close();
