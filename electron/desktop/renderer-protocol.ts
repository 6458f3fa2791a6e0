// Serves the built renderer on tokenvault://app/ (production). A custom standard+secure scheme
// rather than file:// gives the page a real origin to check IPC senders against, lets the CSP
// travel as a response header, and confines what the page can load to one folder.
import { readFile } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import { RENDERER_HOST, RENDERER_SCHEME } from './renderer-origin';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

export interface RendererProtocolOptions {
  /** Folder of the built renderer (Vite's outDir). */
  rootDir: string;
  /** Headers every response carries (CSP, nosniff: see csp.ts). */
  securityHeaders: Record<string, string>;
}

/**
 * The file under rootDir a request names, or null if it names none: wrong scheme or host,
 * or a path that escapes the folder ("..", encoded or not). Paths without an extension are
 * app routes and get index.html.
 */
export function resolveRendererFile(rawUrl: string, rootDir: string): string | null {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${RENDERER_SCHEME}:` || url.host !== RENDERER_HOST) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  // NUL and backslashes have no business in a web path, and a backslash is a separator on Windows.
  if (pathname.includes('\0') || pathname.includes('\\')) return null;
  const wanted = pathname === '/' || extname(pathname) === '' ? '/index.html' : pathname;
  const root = resolve(rootDir);
  const file = resolve(root, `.${wanted}`);
  const inside = relative(root, file);
  if (!inside || inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside)) return null;
  return file;
}

/** The handler for protocol.handle(RENDERER_SCHEME, ...): read-only, GET only, our folder only. */
export function createRendererProtocolHandler(options: RendererProtocolOptions): (request: Request) => Promise<Response> {
  const respond = (status: number, body: BodyInit | null, contentType = 'text/plain; charset=utf-8') =>
    new Response(body, { status, headers: { ...options.securityHeaders, 'Content-Type': contentType, 'Cache-Control': 'no-store' } });

  return async (request: Request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return respond(405, 'Method not allowed');
    const file = resolveRendererFile(request.url, options.rootDir);
    if (!file) return respond(404, 'Not found');
    try {
      const body = await readFile(file);
      const type = CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
      return respond(200, request.method === 'HEAD' ? null : body, type);
    } catch {
      return respond(404, 'Not found');
    }
  };
}
