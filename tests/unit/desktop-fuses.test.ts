// electron-fuses.cjs: one fuse list for Forge and electron-builder, in Electron 45's wire order,
// and the read-back that stands in for strictlyRequireAllFuses (which @electron/fuses 1.8 cannot
// honour on a nine-fuse wire). The fuse steps themselves run in
// tests/integration/packaging-stand-in.test.ts.
import { FuseV1Options } from '@electron/fuses';
import { describe, expect, it } from 'vitest';
import { FUSES, builderFusesConfig, fuseWireProblems, fusesLibraryConfig, needsAdHocSignatureReset, readFuseWires } from '../../electron-fuses.cjs';
import forgeConfig, { FuseWireCheckPlugin } from '../../forge.config';
import { ELECTRON_45_DEFAULT_FUSES, fuseWire, standInBinary } from '../packaging/stand-in-electron';

/** Electron 45's build/fuses/fuses.json5, in order. */
const ELECTRON_45_WIRE = ['run_as_node', 'cookie_encryption', 'node_options', 'node_cli_inspect', 'embedded_asar_integrity_validation', 'only_load_app_from_asar', 'load_browser_process_specific_v8_snapshot', 'grant_file_protocol_extra_privileges', 'wasm_trap_handlers'];
const camel = (snake: string) => snake.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
const byName = Object.fromEntries(FUSES.map((fuse) => [fuse.name, fuse.enabled]));
/** The wire Token Vault ships, written out: only ASAR integrity, ASAR-only loading and WASM trap handlers on. */
const SHIPPED = '000011001';

describe('the fuse list', () => {
  it("names Electron 45's nine fuses in wire order", () => {
    expect(FUSES.map((fuse) => fuse.name)).toEqual(ELECTRON_45_WIRE.map(camel));
  });

  it('turns off Node-as-a-shell, NODE_OPTIONS, the inspector and file: privileges; checks and requires the ASAR', () => {
    expect(FUSES.map((fuse) => (fuse.enabled ? '1' : '0')).join('')).toBe(SHIPPED);
    expect(byName).toMatchObject({ runAsNode: false, nodeOptions: false, nodeCliInspect: false, grantFileProtocolExtraPrivileges: false, embeddedAsarIntegrityValidation: true, onlyLoadAppFromAsar: true });
  });

  it('leaves cookie encryption off (no cookies to protect; on Linux it would ask the keyring) and WASM trap handlers at their default', () => {
    expect(byName.cookieEncryption).toBe(false);
    expect(byName.wasmTrapHandlers).toBe(ELECTRON_45_DEFAULT_FUSES[8] === '1');
  });

  it('gives @electron/fuses the index it knows for each fuse, and nothing for the ninth it does not', () => {
    const config = fusesLibraryConfig() as unknown as Record<string, unknown>;
    FUSES.forEach((fuse, index) => {
      if (fuse.option) expect(FuseV1Options[fuse.option as keyof typeof FuseV1Options], fuse.name).toBe(index);
    });
    expect(Object.keys(FuseV1Options).filter((key) => Number.isNaN(Number(key)))).toHaveLength(8);
    expect(config).toEqual({ version: '1', 0: false, 1: false, 2: false, 3: false, 4: true, 5: true, 6: false, 7: false });
    expect(config).not.toHaveProperty('strictlyRequireAllFuses');
  });

  it('gives electron-builder the same eight under its own names', () => {
    expect(builderFusesConfig()).toEqual({
      runAsNode: false, enableCookieEncryption: false, enableNodeOptionsEnvironmentVariable: false, enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true, onlyLoadAppFromAsar: true, loadBrowserProcessSpecificV8Snapshot: false, grantFileProtocolExtraPrivileges: false,
    });
  });

  it('Forge flips with that config and then checks the wire, in that order', () => {
    const names = (forgeConfig.plugins ?? []).map((plugin) => (plugin as { name?: string }).name);
    expect(names.indexOf('fuses')).toBeGreaterThan(-1);
    expect(names.indexOf('fuse-wire-check')).toBe(names.indexOf('fuses') + 1);
    const fuses = forgeConfig.plugins?.find((plugin) => (plugin as { name?: string }).name === 'fuses') as unknown as { fusesConfig: object };
    expect(fuses.fusesConfig).toEqual(fusesLibraryConfig());
    expect(forgeConfig.plugins?.some((plugin) => plugin instanceof FuseWireCheckPlugin)).toBe(true);
  });

  it('re-signs ad hoc only for Apple Silicon macOS builds', () => {
    expect(needsAdHocSignatureReset('darwin', 'arm64')).toBe(true);
    expect(needsAdHocSignatureReset('mas', 'arm64')).toBe(true);
    for (const [platform, arch] of [['darwin', 'x64'], ['linux', 'arm64'], ['win32', 'arm64'], ['linux', 'x64']] as const) expect(needsAdHocSignatureReset(platform, arch)).toBe(false);
  });
});

describe('fuseWireProblems (the read-back after flipping)', () => {
  it('accepts a wire exactly as listed', () => {
    expect(fuseWireProblems(standInBinary(SHIPPED))).toEqual([]);
    expect(readFuseWires(standInBinary(SHIPPED))).toEqual([{ version: 1, fuses: SHIPPED.split('') }]);
  });

  it("refuses Electron's defaults, naming each fuse that differs", () => {
    const problems = fuseWireProblems(standInBinary(ELECTRON_45_DEFAULT_FUSES));
    expect(problems).toEqual([
      'runAsNode is on, expected off', 'nodeOptions is on, expected off', 'nodeCliInspect is on, expected off',
      'embeddedAsarIntegrityValidation is off, expected on', 'onlyLoadAppFromAsar is off, expected on', 'grantFileProtocolExtraPrivileges is on, expected off',
    ]);
  });

  it('refuses a ninth fuse the library could not set, when it is not what the list says', () => {
    expect(fuseWireProblems(standInBinary('000011000'))).toEqual(['wasmTrapHandlers is off, expected on']);
    expect(fuseWireProblems(standInBinary('00001100r'))).toEqual(['wasmTrapHandlers is removed, expected on']);
  });

  it('refuses a wire with more or fewer fuses than the list (a new Electron needs a decision)', () => {
    expect(fuseWireProblems(standInBinary('0000110011'))[0]).toMatch(/has 10 fuses, electron-fuses.cjs lists 9/);
    expect(fuseWireProblems(standInBinary('00001100'))[0]).toMatch(/has 8 fuses/);
  });

  it('refuses another wire version, a binary without a wire, and checks both wires of a universal binary', () => {
    expect(fuseWireProblems(Buffer.concat([Buffer.from('x'), fuseWire(SHIPPED, 2)]))).toContain('fuse wire version 2, expected 1');
    expect(fuseWireProblems(Buffer.from('#!/bin/sh\nexit 0\n'))[0]).toMatch(/no fuse wire/);
    const universal = Buffer.concat([fuseWire(SHIPPED), Buffer.from('...x64 slice...'), fuseWire('100011001')]);
    expect(readFuseWires(universal)).toHaveLength(2);
    expect(fuseWireProblems(universal)).toEqual(['runAsNode is on, expected off']);
  });
});
