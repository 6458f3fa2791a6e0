// What `npm run dist` and `npm run release` ask electron-builder to do, read the way
// electron-builder's own command line reads them, and what the build says about signing.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { signingStatus } from '../../scripts/release/signing.cjs';
import { builtInFeedKey, DEV_FEED_PUBLIC_KEY, releaseFeedKeyProblem } from '../../scripts/release/feed-key.cjs';
import sodium from 'libsodium-wrappers-sumo';

const require = createRequire(import.meta.url);
const root = join(__dirname, '..', '..');
const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
const config = require('../../electron-builder.config.cjs') as { beforePack: (context: unknown) => Promise<void> };

/** The options electron-builder's CLI builds from the electron-builder command in an npm script. */
function builderOptions(script: string): { publish?: string; config?: unknown } {
  const { createYargs, configureBuildCommand, normalizeOptions } = require('electron-builder/out/builder') as {
    createYargs: () => unknown;
    configureBuildCommand: (yargs: unknown) => { parse: (args: string[]) => unknown };
    normalizeOptions: (args: unknown) => { publish?: string; config?: unknown };
  };
  const command = script.split('&&').map((part) => part.trim()).find((part) => part.startsWith('electron-builder '));
  expect(command, script).toBeDefined();
  return normalizeOptions(configureBuildCommand(createYargs()).parse(command!.split(/\s+/).slice(1)));
}

describe('publishing', () => {
  it('npm run dist never publishes, on CI or on a tag (electron-builder would otherwise publish implicitly)', () => {
    expect(builderOptions(scripts.dist!)).toMatchObject({ publish: 'never', config: 'electron-builder.config.cjs' });
  });

  it('npm run release publishes, because it says so', () => {
    expect(builderOptions(scripts.release!)).toMatchObject({ publish: 'always', config: 'electron-builder.config.cjs' });
  });
});

describe('signing, said plainly', () => {
  it('names what is missing on each platform when nothing is set', () => {
    expect(signingStatus('darwin', {})).toEqual({ signed: false, line: expect.stringMatching(/^signing: macOS: NOT SIGNED — no CSC_LINK/) });
    expect(signingStatus('win32', {})).toEqual({ signed: false, line: expect.stringMatching(/^signing: Windows: NOT SIGNED — no WIN_CSC_LINK\/CSC_LINK/) });
    expect(signingStatus('linux', {}).line).toMatch(/^signing: Linux: the deb is not signed .* SHA256SUMS/);
  });

  it('a macOS certificate without notarisation is not enough', () => {
    expect(signingStatus('darwin', { CSC_LINK: 'cert.p12' })).toEqual({ signed: false, line: expect.stringContaining('NOT NOTARISED') });
    expect(signingStatus('darwin', { CSC_LINK: 'cert.p12', APPLE_ID: 'a@b.c', APPLE_APP_SPECIFIC_PASSWORD: 'x' })).toMatchObject({ signed: false });
  });

  it('says which certificate and which notarisation credentials sign the build', () => {
    expect(signingStatus('darwin', { CSC_LINK: 'cert.p12', APPLE_ID: 'a@b.c', APPLE_APP_SPECIFIC_PASSWORD: 'x', APPLE_TEAM_ID: 'T' })).toEqual({
      signed: true,
      line: 'signing: macOS: signed with the Developer ID certificate in CSC_LINK, notarised with an Apple ID (APPLE_ID, team APPLE_TEAM_ID).',
    });
    expect(signingStatus('darwin', { CSC_NAME: 'Developer ID Application: X', APPLE_API_KEY: 'k.p8', APPLE_API_KEY_ID: 'i', APPLE_API_ISSUER: 'j' }).signed).toBe(true);
    expect(signingStatus('win32', { WIN_CSC_LINK: 'cert.pfx' })).toMatchObject({ signed: true, line: expect.stringContaining('Authenticode') });
  });

  it('never prints a signing secret, only the names of the variables', () => {
    const env = { CSC_LINK: 'c2VjcmV0LWNlcnQ=', CSC_KEY_PASSWORD: 'hunter2', APPLE_ID: 'a@b.c', APPLE_APP_SPECIFIC_PASSWORD: 'abcd-efgh', APPLE_TEAM_ID: 'TEAM' };
    for (const platform of ['darwin', 'win32', 'linux']) expect(signingStatus(platform, env).line).not.toMatch(/c2VjcmV0|hunter2|abcd-efgh/);
  });

  it('beforePack prints the line on every build, and npm run release refuses an unsigned Mac or Windows build', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const saved = { ...process.env };
    try {
      for (const name of ['CSC_LINK', 'CSC_NAME', 'WIN_CSC_LINK']) delete process.env[name];
      process.env.npm_lifecycle_event = 'dist';
      await config.beforePack({ electronPlatformName: 'darwin' });
      expect(log).toHaveBeenLastCalledWith(expect.stringMatching(/^signing: macOS: NOT SIGNED/));
      process.env.npm_lifecycle_event = 'release';
      await expect(config.beforePack({ electronPlatformName: 'win32' })).rejects.toThrow(/only signed macOS and Windows installers/);
      await expect(config.beforePack({ electronPlatformName: 'linux' })).resolves.toBeUndefined();
    } finally {
      process.env = saved;
      log.mockRestore();
    }
  });
});

describe('the update feed key a release is built with', () => {
  const source = readFileSync(join(root, 'electron', 'updates', 'feed-key.ts'), 'utf8');
  const withKey = (key: string) => source.replace(/export const FEED_PUBLIC_KEY = '[^']+';/, `export const FEED_PUBLIC_KEY = '${key}';`);

  it('npm run release checks the key before it builds anything', () => {
    const steps = scripts.release!.split('&&').map((part) => part.trim());
    expect(steps.indexOf('node scripts/release/feed-key.cjs')).toBeGreaterThanOrEqual(0);
    expect(steps.indexOf('node scripts/release/feed-key.cjs')).toBeLessThan(steps.findIndex((s) => s.startsWith('electron-forge') || s.startsWith('electron-builder')));
  });

  it('refuses the development key committed in feed-key.ts, and the script exits 1 saying so', () => {
    expect(builtInFeedKey(source)).toBe(DEV_FEED_PUBLIC_KEY);
    expect(releaseFeedKeyProblem(source)).toMatch(/still holds the development feed key/);
    const run = spawnSync(process.execPath, [join(root, 'scripts', 'release', 'feed-key.cjs')], { encoding: 'utf8', env: { ...process.env, TOKENVAULT_FEED_SIGNING_KEY: '' } });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/still holds the development feed key/);
  });

  it('takes a release key, but only with the secret half that matches it', async () => {
    await sodium.ready;
    const pair = sodium.crypto_sign_keypair();
    const other = sodium.crypto_sign_keypair();
    const b64 = (bytes: Uint8Array) => sodium.to_base64(bytes, sodium.base64_variants.ORIGINAL);
    const release = withKey(b64(pair.publicKey));
    expect(releaseFeedKeyProblem(release)).toBeNull();
    expect(releaseFeedKeyProblem(release, b64(pair.privateKey), sodium)).toBeNull();
    expect(releaseFeedKeyProblem(release, b64(other.privateKey), sodium)).toMatch(/not the secret half/);
    expect(releaseFeedKeyProblem(release, 'not a key', sodium)).toMatch(/not an Ed25519 secret key/);
  });
});
