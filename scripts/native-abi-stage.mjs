// Rebuilding better-sqlite3 without ever losing the build that works: node-gyp starts by
// deleting build/, so a rebuild that then fails (offline: no prebuilt binary, no Electron
// headers) used to leave no binary at all — `npm test` broken by a failed `npm start`. Here the
// module's sources are copied to a staging folder beside node_modules (same file system), built
// there, checked, and only then swapped in for the old build/ folder. Used by native-abi.mjs.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Compiling needs this when no prebuilt binary can be downloaded (better-sqlite3 is C++20). */
export const TOOLCHAIN = [
  'No prebuilt binary could be downloaded, so it must be compiled, which needs:',
  '  - Python 3, make and a C++20 compiler (g++ 10+ or clang 12+).',
  '      Debian/Ubuntu: sudo apt install build-essential python3',
  '      Fedora: sudo dnf install gcc-c++ make python3',
  '      macOS: xcode-select --install',
  '      Windows: Visual Studio 2022 Build Tools, workload "Desktop development with C++", and Python 3',
  '  - network access to download the runtime\'s headers (Electron: https://electronjs.org/headers).',
].join('\n');

/** The ABI a native module was built for, from its register symbol; null when absent. */
export function registeredAbi(file) {
  if (!existsSync(file)) return null;
  const match = /node_register_module_v(\d+)/.exec(readFileSync(file).toString('latin1'));
  return match ? match[1] : null;
}

export class StagedBuildError extends Error {
  name = 'StagedBuildError';
}

/**
 * Copies moduleDir (without build/) into a fresh folder under stagingRoot, runs build(projectDir)
 * there — projectDir has package.json and node_modules/<name>, what @electron/rebuild and npm
 * expect — and, if the binary it made is for wantedAbi, moves the new build/ into moduleDir.
 * Otherwise throws StagedBuildError and leaves moduleDir exactly as it was.
 */
export async function rebuildStaged({ moduleDir, moduleName, stagingRoot, wantedAbi, build }) {
  mkdirSync(stagingRoot, { recursive: true });
  const project = mkdtempSync(join(stagingRoot, 'native-abi-'));
  const staged = join(project, 'node_modules', moduleName);
  try {
    cpSync(moduleDir, staged, { recursive: true, filter: (src) => !/^build(\/|$)/.test(relative(moduleDir, src)) });
    const version = JSON.parse(readFileSync(join(moduleDir, 'package.json'), 'utf8')).version;
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'native-abi-stage', private: true, dependencies: { [moduleName]: version } }));
    try {
      await build(project);
    } catch (error) {
      throw new StagedBuildError(`the build failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    const built = registeredAbi(join(staged, 'build', 'Release', `${moduleName.replace(/-/g, '_')}.node`));
    if (built === null || (wantedAbi !== undefined && built !== wantedAbi)) {
      // node-gyp without the runtime's headers quietly builds against Node's own.
      throw new StagedBuildError(`the build produced ABI ${built ?? 'none'}, not ${wantedAbi} (were the headers downloadable?)`);
    }
    const previous = join(moduleDir, `build.previous-${process.pid}`);
    const hadBuild = existsSync(join(moduleDir, 'build'));
    if (hadBuild) renameSync(join(moduleDir, 'build'), previous);
    try {
      renameSync(join(staged, 'build'), join(moduleDir, 'build'));
    } catch (error) {
      if (hadBuild) renameSync(previous, join(moduleDir, 'build'));
      throw error;
    }
    rmSync(previous, { recursive: true, force: true });
    return built;
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
}
