// What goes into the packaged app besides Vite's output: the native SQLite binding and the two
// tiny modules that locate it. Everything else is bundled into .vite/build/main.js, so the
// app ships without the rest of node_modules (smaller, and nothing unreviewed to load).
// Shared by forge.config.ts and electron-builder.config.cjs's file list (kept in step by a test).

export const PACKAGED_PATHS = [
  '/package.json',
  '/.vite',
  '/renderer/dist',
  '/node_modules/better-sqlite3',
  '/node_modules/bindings',
  '/node_modules/file-uri-to-path',
];

/** Paths inside better-sqlite3 the app never loads at run time (sources, build intermediates). */
const NEVER_PACKAGED = ['/node_modules/better-sqlite3/deps', '/node_modules/better-sqlite3/src', '/node_modules/better-sqlite3/build/Release/obj', '/node_modules/better-sqlite3/build/Release/obj.target'];

/**
 * electron-packager's ignore function: true drops the path. Paths start with "/" and are
 * relative to the project; a folder on the way to a kept path must be kept to be descended.
 */
export function ignoreForPackaging(file: string): boolean {
  if (!file) return false;
  if (NEVER_PACKAGED.some((dropped) => file === dropped || file.startsWith(`${dropped}/`))) return true;
  const kept = PACKAGED_PATHS.some((path) => file === path || file.startsWith(`${path}/`) || path.startsWith(`${file}/`));
  return !kept;
}
