// Preloaded with `node --import` (through NODE_OPTIONS, so git's helper and every other node it
// starts get it too): writes the URL of every module the process resolves to $TV_MODULE_LOG,
// one per line, so a test can tell exactly what a command loaded.
import { appendFileSync } from 'node:fs';
import Module, { register } from 'node:module';
import { pathToFileURL } from 'node:url';

const log = process.env.TV_MODULE_LOG;
if (log) {
  register('./module-recorder-hooks.mjs', { parentURL: import.meta.url, data: { log } });
  // CommonJS (the CLI's entry and its agent fast path are) meets no ESM hook on Node 20: its
  // require()s are written down here, files as URLs like the hook's.
  const resolveFilename = Module._resolveFilename;
  Module._resolveFilename = function recorded(...args) {
    const file = resolveFilename.apply(this, args);
    appendFileSync(log, `${file.startsWith('/') ? pathToFileURL(file).href : file}\n`);
    return file;
  };
}
