// `npm run preview -- [--vault PATH] [--gitlab-emulator] [--port N] [--no-build] [--update-feed URL]`
// Builds the renderer, serves it on 127.0.0.1 against the real main-side services (a
// temporary vault when no path is given) and prints the address. Copy uses the system
// clipboard when there is one; "open in browser" is printed rather than opened.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import clipboardy from 'clipboardy';
import { build } from 'vite';
import { createGitLabPort } from '../electron/app/gitlab-adapter';
import type { ClipboardPort } from '../electron/app/ports';
import { DEFAULT_FEED_URL, FEED_PUBLIC_KEY, RELEASES_PAGE } from '../electron/updates/feed-key';
import { start as startEmulator } from '../tests/gitlab-emulator/server';
import { RENDERER_DIST, startPreview } from './preview-server';

const { values } = parseArgs({
  options: {
    vault: { type: 'string' },
    'gitlab-emulator': { type: 'boolean', default: false },
    port: { type: 'string' },
    'no-build': { type: 'boolean', default: false },
    'update-feed': { type: 'string' },
  },
});

/** The system clipboard through clipboardy; an in-memory one where there is none (headless). */
function systemClipboard(): ClipboardPort {
  let memory = '';
  return {
    async writeSecret(text) {
      memory = text;
      await clipboardy.write(text).catch(() => console.warn('No system clipboard here; the copy stays inside the preview.'));
    },
    async clearIfUnchanged(text) {
      const current = await clipboardy.read().catch(() => memory);
      if (current !== text) return false;
      memory = '';
      await clipboardy.write('').catch(() => undefined);
      return true;
    },
  };
}

if (!values['no-build']) {
  await build({ configFile: resolve('renderer/vite.config.ts'), logLevel: 'warn' });
}

const vaultPath = values.vault ? resolve(values.vault) : join(mkdtempSync(join(tmpdir(), 'tokenvault-preview-')), 'vault.db');
const emulator = values['gitlab-emulator'] ? await startEmulator() : null;

const preview = await startPreview({
  vaultPath,
  clipboard: systemClipboard(),
  openExternal: (url) => console.log(`Would open in the browser: ${url}`),
  gitlab: createGitLabPort(),
  distDir: RENDERER_DIST,
  // The update question, banner and Settings section, against the real feed or --update-feed;
  // the answer is kept beside the vault file, never in this computer's Token Vault settings.
  updates: {
    preferencesPath: join(dirname(vaultPath), 'preview-updates.json'),
    currentVersion: (JSON.parse(readFileSync(resolve('package.json'), 'utf8')) as { version: string }).version,
    platform: process.platform,
    arch: process.arch,
    publicKey: FEED_PUBLIC_KEY,
    defaultFeedUrl: values['update-feed'] ?? DEFAULT_FEED_URL,
    releasesPage: RELEASES_PAGE,
  },
  ...(values.port ? { port: Number(values.port) } : {}),
  onUnexpectedError: (method, error) => console.error(`${method} failed unexpectedly:`, error instanceof Error ? error.stack : error),
});

console.log(`Token Vault preview: ${preview.url}`);
console.log(`Vault file: ${vaultPath}${values.vault ? '' : ' (temporary)'}`);
if (emulator) {
  emulator.addUser('demo');
  const issued = emulator.issueToken({ username: 'demo', scopes: ['api'], name: 'demo-api' });
  console.log(`GitLab emulator: ${emulator.url} (a token for user "demo" to paste: ${issued.secret})`);
}

const stop = async () => {
  await preview.close();
  await emulator?.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
