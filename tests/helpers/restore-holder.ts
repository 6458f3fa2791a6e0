// Child process for the restore-while-held test: a second Token Vault process (the app, a CLI
// `copy`) that keeps the vault open and unlocked and writes when told, reporting on standard
// output exactly what the vault said: `ok NAME START END` or `error NAME CODE START END`
// (milliseconds since the epoch around the call).
//   add NAME        one write
//   loop PREFIX     writes PREFIX-0, PREFIX-1, … until told `stop`, then says `done`
//   settings        reads the settings (`ok settings COUNTER…` or `error settings CODE …`)
//   lock, unlock    lock (must always succeed); unlock again with the password it was given
import fs from 'node:fs';
import readline from 'node:readline';
import { pathToFileURL } from 'node:url';
import { isVaultError } from '../../electron/vault/errors';
import { setKdfThreadFile } from '../../electron/vault/kdf-worker';
import { loadSodium, Vault } from '../../electron/vault/vault';

const [file, password, kdfThread] = process.argv.slice(2) as [string, string, string];
// Bundled into a temp folder: name the sources' worker, so unlocks run in it as the CLI's do.
setKdfThreadFile(pathToFileURL(kdfThread));
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

function attempt(what: string, work: () => unknown): void {
  const start = Date.now();
  try {
    const value = work();
    say(`ok ${what} ${start} ${Date.now()}${value === undefined ? '' : ` ${JSON.stringify(value)}`}`);
  } catch (error) {
    say(`error ${what} ${isVaultError(error) ? error.code : 'UNEXPECTED'} ${start} ${Date.now()} ${(error as Error).message}`);
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
  if (command === 'settings') attempt('settings', () => vault.getSettings().keepBackups);
  if (command === 'lock') attempt('lock', () => vault.lock());
  if (command === 'unlock') {
    const start = Date.now();
    await vault.unlock(password).then(
      () => say(`ok unlock ${start} ${Date.now()}`),
      (error: Error) => say(`error unlock ${isVaultError(error) ? error.code : 'UNEXPECTED'} ${start} ${Date.now()} ${error.message}`),
    );
  }
  if (command === 'quit') break;
}
vault.close();
