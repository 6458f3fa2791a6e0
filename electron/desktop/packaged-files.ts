// What goes into the packaged app besides Vite's output: the native SQLite binding and the two
// tiny modules that locate it. Everything else is bundled into .vite/build/main.js, so the
// app ships without the rest of node_modules (smaller, and nothing unreviewed to load).
// Shared by forge.config.ts and electron-builder.config.cjs's file list (kept in step by a test).

export const PACKAGED_PATHS = [
  '/package.json',
  '/.vite',
  '/renderer/dist',
  // The Linux window icon (main.ts: iconPath).
  '/build/icon.png',
  '/node_modules/better-sqlite3',
  '/node_modules/bindings',
  '/node_modules/file-uri-to-path',
];

/**
 * Inside better-sqlite3 only what `require('better-sqlite3')` loads: its manifest, lib/ and the
 * one binding. node-gyp leaves sources, sqlite3.a, test_extension.node, Makefiles and object
 * files beside it; none of that belongs in an installer (electron-builder's file list is the same).
 */
const BETTER_SQLITE3 = '/node_modules/better-sqlite3';
const BETTER_SQLITE3_KEPT = ['/package.json', '/lib', '/build', '/build/Release', '/build/Release/better_sqlite3.node'];

function keptInsideBetterSqlite3(file: string): boolean {
  const inside = file.slice(BETTER_SQLITE3.length);
  if (inside === '') return true;
  return BETTER_SQLITE3_KEPT.includes(inside) || inside.startsWith('/lib/');
}

/**
 * electron-packager's ignore function: true drops the path. Paths start with "/" and are
 * relative to the project; a folder on the way to a kept path must be kept to be descended.
 */
export function ignoreForPackaging(file: string): boolean {
  if (!file) return false;
  if (file === BETTER_SQLITE3 || file.startsWith(`${BETTER_SQLITE3}/`)) return !keptInsideBetterSqlite3(file);
  const kept = PACKAGED_PATHS.some((path) => file === path || file.startsWith(`${path}/`) || path.startsWith(`${file}/`));
  return !kept;
}
