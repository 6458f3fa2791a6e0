// Electron's fuses for Token Vault: ONE list, used by Forge (forge.config.ts, `npm run package`)
// and electron-builder (electron-builder.config.cjs, `npm run dist`), so the two cannot drift.
//
// Fuses are bytes in the Electron binary, flipped at package time (before signing), that turn
// features off for good. The wire (electron/electron build/fuses/fuses.json5) is the sentinel
// below, a version byte (1), a length byte, then one byte per fuse: '0' off, '1' on, 'r' removed.
// Electron 45 has NINE fuses; @electron/fuses 1.8 (the last release that runs on Node 20) names
// only the first eight, so it cannot be run with strictlyRequireAllFuses (it would throw on the
// ninth). Instead every package step flips the eight it knows, then checkFuseWire() reads the
// whole wire back and fails the build unless every fuse — the ninth included — is exactly as
// listed here and the wire has exactly this many fuses (a tenth in a future Electron fails the
// build until someone decides about it, which is what the strict flag was for).
'use strict';

const { readFile } = require('node:fs/promises');
const { resolve } = require('node:path');

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const FUSE_WIRE_VERSION = 1;

/**
 * In wire order. `option` is @electron/fuses' FuseV1Options name (its numeric value is the
 * index), `builder` electron-builder's electronFuses key; null where the library has none.
 */
const FUSES = [
  {
    name: 'runAsNode', option: 'RunAsNode', builder: 'runAsNode', enabled: false,
    why: 'ELECTRON_RUN_AS_NODE would turn the signed app into a plain Node.js that runs any script as "Token Vault".',
  },
  {
    name: 'cookieEncryption', option: 'EnableCookieEncryption', builder: 'enableCookieEncryption', enabled: false,
    why: 'Left at Electron\'s default (off): the app stores no cookies (its page has no network), so there is nothing to encrypt, and on Linux turning it on makes Chromium ask the keyring for a key at start-up, a prompt that would protect nothing.',
  },
  {
    name: 'nodeOptions', option: 'EnableNodeOptionsEnvironmentVariable', builder: 'enableNodeOptionsEnvironmentVariable', enabled: false,
    why: 'NODE_OPTIONS (--require, --import) would load foreign code into the main process, which holds the vault key.',
  },
  {
    name: 'nodeCliInspect', option: 'EnableNodeCliInspectArguments', builder: 'enableNodeCliInspectArguments', enabled: false,
    why: '--inspect and SIGUSR1 would open a debugger on the main process, which holds the vault key.',
  },
  {
    name: 'embeddedAsarIntegrityValidation', option: 'EnableEmbeddedAsarIntegrityValidation', builder: 'enableEmbeddedAsarIntegrityValidation', enabled: true,
    why: 'On macOS and Windows Electron refuses an app.asar whose hash differs from the one recorded in the signed binary. Linux has no such check (Electron does not implement it there).',
  },
  {
    name: 'onlyLoadAppFromAsar', option: 'OnlyLoadAppFromAsar', builder: 'onlyLoadAppFromAsar', enabled: true,
    why: 'Electron loads the app only from app.asar, never from a planted app/ folder beside it (with the check above: only from the checked archive).',
  },
  {
    name: 'loadBrowserProcessSpecificV8Snapshot', option: 'LoadBrowserProcessSpecificV8Snapshot', builder: 'loadBrowserProcessSpecificV8Snapshot', enabled: false,
    why: 'Electron\'s default: the app ships no custom V8 snapshot.',
  },
  {
    name: 'grantFileProtocolExtraPrivileges', option: 'GrantFileProtocolExtraPrivileges', builder: 'grantFileProtocolExtraPrivileges', enabled: false,
    why: 'The page is served from tokenvault://app, never file://; file: pages get no more than a browser gives them.',
  },
  {
    name: 'wasmTrapHandlers', option: null, builder: null, enabled: true,
    why: 'Electron\'s default (on): V8 guards WebAssembly memory with guard pages and a signal handler instead of compiled-in bounds checks; libsodium runs as WebAssembly in the main process. Not known to @electron/fuses 1.8, so set by Electron\'s own default and checked here.',
  },
];

/** The config for @electron-forge/plugin-fuses / @electron/fuses flipFuses: every fuse the library can name. */
function fusesLibraryConfig() {
  const config = { version: String(FUSE_WIRE_VERSION) };
  FUSES.forEach((fuse, index) => {
    if (fuse.option) config[index] = fuse.enabled;
  });
  return config;
}

/** The same settings under electron-builder's electronFuses names. */
function builderFusesConfig() {
  return Object.fromEntries(FUSES.filter((fuse) => fuse.builder).map((fuse) => [fuse.builder, fuse.enabled]));
}

/** Which file carries the wire: on macOS the framework, elsewhere the executable (as @electron/fuses does it). */
function fuseFilePath(pathToElectron) {
  if (pathToElectron.endsWith('.app')) return resolve(pathToElectron, 'Contents', 'Frameworks', 'Electron Framework.framework', 'Electron Framework');
  if (pathToElectron.includes('.app')) return resolve(pathToElectron, '..', '..', 'Frameworks', 'Electron Framework.framework', 'Electron Framework');
  return pathToElectron;
}

/** Every fuse wire in a binary (two in a universal macOS build), as ['0'|'1'|'r'|?...] per wire. */
function readFuseWires(binary) {
  const wires = [];
  const sentinel = Buffer.from(SENTINEL, 'latin1');
  for (let at = binary.indexOf(sentinel); at !== -1; at = binary.indexOf(sentinel, at + 1)) {
    const start = at + sentinel.length;
    const version = binary[start];
    const length = binary[start + 1] ?? 0;
    wires.push({ version, fuses: [...binary.subarray(start + 2, start + 2 + length)].map((byte) => String.fromCharCode(byte)) });
  }
  return wires;
}

/** What differs between a binary's wire(s) and FUSES, in words; [] when it is exactly right. */
function fuseWireProblems(binary) {
  const wires = readFuseWires(binary);
  if (wires.length === 0) return ['no fuse wire (sentinel) found: not an Electron 12+ binary'];
  const problems = [];
  for (const wire of wires) {
    if (wire.version !== FUSE_WIRE_VERSION) problems.push(`fuse wire version ${wire.version}, expected ${FUSE_WIRE_VERSION}`);
    if (wire.fuses.length !== FUSES.length) {
      problems.push(`the binary has ${wire.fuses.length} fuses, electron-fuses.cjs lists ${FUSES.length}: decide about the new or missing ones there`);
    }
    FUSES.forEach((fuse, index) => {
      const found = wire.fuses[index];
      if (found === undefined) return;
      const wanted = fuse.enabled ? '1' : '0';
      if (found !== wanted) problems.push(`${fuse.name} is ${found === 'r' ? 'removed' : found === '1' ? 'on' : found === '0' ? 'off' : JSON.stringify(found)}, expected ${fuse.enabled ? 'on' : 'off'}`);
    });
  }
  return problems;
}

/** Reads back a flipped binary (the .app, or the executable) and throws unless every fuse is as listed. */
async function checkFuseWire(pathToElectron) {
  const file = fuseFilePath(pathToElectron);
  const problems = fuseWireProblems(await readFile(file));
  if (problems.length > 0) throw new Error(`Electron fuses in ${file} are not as electron-fuses.cjs says:\n  ${problems.join('\n  ')}`);
}

/**
 * Flipping the fuses breaks the ad-hoc signature Electron ships with; an unsigned Apple Silicon
 * app then refuses to start. Re-sign ad-hoc there (a real identity, if any, signs afterwards).
 */
function needsAdHocSignatureReset(platform, arch) {
  return (platform === 'darwin' || platform === 'mas') && arch === 'arm64';
}

module.exports = { SENTINEL, FUSE_WIRE_VERSION, FUSES, fusesLibraryConfig, builderFusesConfig, fuseFilePath, readFuseWires, fuseWireProblems, checkFuseWire, needsAdHocSignatureReset };
