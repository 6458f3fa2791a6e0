// The browser preview: the built renderer on 127.0.0.1, with the SAME handler table main.ts
// binds to ipcMain, here bound to HTTP (POST /api/<method>, server-sent events for events).
// For development, demos and the E2E suite; never part of the packaged app.
import { readdir, readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as esbuild } from 'esbuild';
import type { ApiEvent } from '../electron/api';
import type { GitLabPort } from '../electron/app/gitlab-port';
import type { ClipboardPort, FileDialogPort, OpenExternalPort } from '../electron/app/ports';
import { createHandlerTable, dispatch, isTrustedSender } from '../electron/ipc';
import type { KeyProtector } from '../electron/quick-unlock/protector';
import { createServices, type MainServices } from '../electron/services';
import { RecentVaults } from '../electron/app/recent-vaults';
import { createUpdateServices, type UpdateServiceOptions } from '../electron/updates/service';
import type { KdfParams } from '../electron/vault/kdf';
import type { SyncTiming } from '../electron/app/sync-runner';
import { timeStep } from '../electron/vault/step-timing';

const repo = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const RENDERER_DIST = join(repo, 'renderer', 'dist');
const SHIM_ENTRY = join(repo, 'renderer', 'preview', 'shim.ts');
const SHIM_PATH = '/__preview/shim.js';

// The same policy the desktop window gets: nothing but our own files and our own API.
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'";
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png', '.woff2': 'font/woff2', '.json': 'application/json' };
const MAX_BODY = 256 * 1024;

export interface PreviewOptions {
  vaultPath: string;
  clipboard: ClipboardPort;
  openExternal: OpenExternalPort;
  gitlab: GitLabPort | null;
  /** The native dialogs' stand-in: the E2E suite answers them; absent, picking a file is refused. */
  dialogs?: FileDialogPort;
  /** Where the vaults opened before are remembered (the desktop app: recent-vaults.json in its user-data folder). */
  recentVaultsFile?: string;
  kdf?: Omit<KdfParams, 'salt'>;
  port?: number;
  distDir?: string;
  /**
   * The update check as main.ts makes it (its `updateAvailable` event goes to the page), pointed
   * at a feed of the caller's choosing; absent, the page is told updates are unavailable.
   */
  updates?: Omit<UpdateServiceOptions, 'onNewer'>;
  /** How often sync and the change watch run (E2E: quickly). */
  syncTiming?: SyncTiming;
  /** Told about errors hidden behind INTERNAL (the preview prints them). */
  onUnexpectedError?: (method: string, error: unknown) => void;
  /** Quick unlock's keychain and prompt (E2E: a fake); absent, quick unlock is refused as outside the desktop app. */
  quickUnlock?: KeyProtector;
  /** The services' clock (E2E moves it forward to see time limits pass). */
  now?: () => Date;
}

export interface Preview {
  url: string;
  services: MainServices;
  /** Sends an event the way main.ts sends the ones no service emits (a reminder notification's click); for tests. */
  emit(event: ApiEvent): void;
  close(): Promise<void>;
}

/** The built renderer, read once: a rebuild while the preview runs cannot leave it half-served. */
async function loadDist(dist: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const entry of await readdir(dist, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    files.set(`/${relative(dist, full).split(sep).join('/')}`, await readFile(full));
  }
  return files;
}

// Bundled once per process: every E2E spec starts its own preview in the same worker, and the
// shim's sources do not change while one runs.
let shimBundle: Promise<string> | undefined;

function bundleShim(): Promise<string> {
  shimBundle ??= esbuild({ entryPoints: [SHIM_ENTRY], bundle: true, write: false, format: 'iife', target: 'chrome120', minify: false, logLevel: 'silent' }).then(
    (out) => out.outputFiles[0]?.text ?? '',
  );
  return shimBundle;
}

export async function startPreview(options: PreviewOptions): Promise<Preview> {
  const dist = options.distDir ?? RENDERER_DIST;
  const files = await loadDist(dist);
  const indexHtml = (files.get('/index.html')?.toString('utf8') ?? '').replace('<head>', `<head>\n    <script src="${SHIM_PATH}"></script>`);
  if (!indexHtml) throw new Error(`No built renderer in ${dist}; run npm run build:renderer first.`);
  const shim = await bundleShim();
  const streams = new Set<http.ServerResponse>();
  const send = (event: ApiEvent) => {
    for (const res of streams) if (!res.writableEnded) res.write(`data: ${JSON.stringify(event)}\n\n`);
  };
  const updates = options.updates ? createUpdateServices({ ...options.updates, onNewer: (state) => send({ event: 'updateAvailable', payload: state }) }) : undefined;
  const services = createServices({
    vaultPath: options.vaultPath,
    clipboard: options.clipboard,
    openExternal: options.openExternal,
    gitlab: options.gitlab,
    ...(options.dialogs ? { dialogs: options.dialogs } : {}),
    ...(options.recentVaultsFile ? { recentVaults: new RecentVaults(options.recentVaultsFile) } : {}),
    emit: (event, payload) => send({ event, payload } as ApiEvent),
    ...(options.kdf ? { kdf: options.kdf } : {}),
    ...(updates ? { updates } : {}),
    ...(options.syncTiming ? { syncTiming: options.syncTiming } : {}),
    ...(options.quickUnlock ? { quickUnlock: options.quickUnlock } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  const table = createHandlerTable(services.api);
  // As main.ts does once its window is up: checks only if the person said yes.
  void updates?.checkOnStart();
  let origin = '';

  const server = http.createServer((req, res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    // DNS rebinding: only our own host name may address us.
    if (req.headers.host !== new URL(origin).host) return void res.writeHead(421).end();
    const path = new URL(req.url ?? '/', origin).pathname;
    if (path.startsWith('/api/')) return api(req, res, path.slice(5));
    if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405).end();
    const headers = { 'content-security-policy': CSP, 'x-content-type-options': 'nosniff', 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' };
    if (path === SHIM_PATH) return void res.writeHead(200, { ...headers, 'content-type': TYPES['.js'] }).end(shim);
    if (path === '/' || path === '/index.html') return void res.writeHead(200, { ...headers, 'content-type': TYPES['.html'] }).end(indexHtml);
    // Only files that were in the build are served; no path ever reaches the file system.
    const body = files.get(path);
    if (!body) return void res.writeHead(404).end();
    res.writeHead(200, { ...headers, 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' }).end(body);
  }

  async function api(req: http.IncomingMessage, res: http.ServerResponse, method: string): Promise<void> {
    // The browser sends Origin on every POST and on EventSource; another site's page cannot forge ours.
    const fromUs = isTrustedSender(req.headers.origin ?? req.headers.referer ?? null, origin);
    if (method === 'events' && req.method === 'GET') {
      if (!fromUs && req.headers['sec-fetch-site'] !== 'same-origin') return void res.writeHead(403).end();
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write(': connected\n\n');
      streams.add(res);
      req.on('close', () => streams.delete(res));
      return;
    }
    if (req.method !== 'POST' || !fromUs || !String(req.headers['content-type']).startsWith('application/json')) {
      return void res.writeHead(403).end();
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY) return void res.writeHead(413).end();
      chunks.push(chunk as Buffer);
    }
    let args: unknown;
    try {
      args = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      args = Symbol('unparseable'); // dispatch refuses it as malformed
    }
    const answer = await dispatch(table, decodeURIComponent(method), args, { onUnexpectedError: options.onUnexpectedError });
    const body = timeStep(() => `${method}: JSON of the answer`, () => JSON.stringify(answer));
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(body);
  }

  await new Promise<void>((done) => server.listen(options.port ?? 0, '127.0.0.1', done));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: `${origin}/`,
    services,
    emit: send,
    close: async () => {
      await services.shutdown();
      for (const res of streams) res.end();
      streams.clear();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
