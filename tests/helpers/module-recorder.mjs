// Preloaded with `node --import` (through NODE_OPTIONS, so git's helper and every other node it
// starts get it too): writes the URL of every module the process resolves to $TV_MODULE_LOG,
// one per line, so a test can tell exactly what a command loaded.
import { register } from 'node:module';

if (process.env.TV_MODULE_LOG) register('./module-recorder-hooks.mjs', { parentURL: import.meta.url, data: { log: process.env.TV_MODULE_LOG } });
