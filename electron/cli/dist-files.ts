// Where the built CLI's other files are: its worker threads sit beside dist/cli.cjs, while the
// command code that starts them runs from a chunk in dist/chunks/. The entry says where it is
// (runCli's distDir); unset, the sources are running (tests, tsx) and each worker finds its own.
let distDir: URL | null = null;

export function useDistDir(dir: URL | null): void {
  distDir = dir;
}

/** A file beside dist/cli.cjs, or null when the sources run. */
export function distFile(name: string): URL | null {
  return distDir && new URL(name, distDir);
}
