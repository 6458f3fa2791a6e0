// A stand-in Electron distribution: no Electron binary can be downloaded here, but packaging
// only copies the binary and flips bytes in it. This one is a tiny shell script that carries
// Electron 45's real fuse wire (electron/electron build/fuses/fuses.json5 at v45: sentinel,
// version 1, nine fuses) at the defaults Electron ships with, so the fuse steps of Forge and
// electron-builder run against it exactly as against the real thing.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

/**
 * Electron 45's shipped defaults in wire order: run_as_node 1, cookie_encryption 0,
 * node_options 1, node_cli_inspect 1, embedded_asar_integrity_validation 0,
 * only_load_app_from_asar 0, load_browser_process_specific_v8_snapshot 0,
 * grant_file_protocol_extra_privileges 1, wasm_trap_handlers 1.
 */
export const ELECTRON_45_DEFAULT_FUSES = '101100011';

/** The wire bytes as build/fuses/build.py lays them out: sentinel, version byte, length byte, one ASCII byte per fuse. */
export function fuseWire(fuses = ELECTRON_45_DEFAULT_FUSES, version = 1): Buffer {
  return Buffer.concat([Buffer.from(SENTINEL, 'latin1'), Buffer.from([version, fuses.length]), Buffer.from(fuses, 'latin1')]);
}

/** An executable that says what it is when run, with the wire inside (as data, after `exit`). */
export function standInBinary(fuses = ELECTRON_45_DEFAULT_FUSES): Buffer {
  const script = '#!/bin/sh\necho "stand-in Electron 45 for packaging tests: not a real Electron" >&2\nexit 1\n';
  return Buffer.concat([Buffer.from(script), fuseWire(fuses), Buffer.from('\n')]);
}

/** An unpacked Linux Electron distribution (what electron-builder's electronDist points at). */
export function createLinuxElectronDist(dir: string, fuses = ELECTRON_45_DEFAULT_FUSES): string {
  mkdirSync(join(dir, 'resources'), { recursive: true });
  writeFileSync(join(dir, 'electron'), standInBinary(fuses));
  chmodSync(join(dir, 'electron'), 0o755);
  writeFileSync(join(dir, 'version'), '45.5.0');
  writeFileSync(join(dir, 'LICENSE'), 'stand-in\n');
  writeFileSync(join(dir, 'LICENSES.chromium.html'), '<p>stand-in</p>\n');
  return dir;
}

/** The .app layout @electron/fuses expects on macOS: the wire lives in the framework binary. */
export function createMacElectronApp(appPath: string, fuses = ELECTRON_45_DEFAULT_FUSES): string {
  const framework = join(appPath, 'Contents', 'Frameworks', 'Electron Framework.framework');
  mkdirSync(framework, { recursive: true });
  mkdirSync(join(appPath, 'Contents', 'MacOS'), { recursive: true });
  mkdirSync(join(appPath, 'Contents', 'Resources', 'app'), { recursive: true });
  writeFileSync(join(framework, 'Electron Framework'), standInBinary(fuses));
  writeFileSync(join(appPath, 'Contents', 'MacOS', 'Electron'), '#!/bin/sh\nexit 1\n');
  chmodSync(join(appPath, 'Contents', 'MacOS', 'Electron'), 0o755);
  return appPath;
}

/**
 * A stand-in better_sqlite3.node: what afterPack reads of the real one is its register symbol
 * (node_register_module_v<ABI>), so that is all this carries, inside an ELF-looking header.
 */
export function standInBinding(abi: string): Buffer {
  return Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(56), Buffer.from(`\0node_register_module_v${abi}\0stand-in binding\0`, 'latin1')]);
}
