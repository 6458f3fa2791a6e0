// npm run pack:cli — the `tokenvault` CLI as its own npm package, @token-vault/cli, the way
// Node CLIs ship (`npm install -g @token-vault/cli`, `npx @token-vault/cli`). The desktop app
// cannot run it: its RunAsNode fuse is off, so the Electron binary is never a Node.js.
//
// The package is dist/cli.cjs (its bin; cli.mjs imports it) and its chunks (scripts/build-cli.mjs: commander and zod are
// bundled in), and as dependencies exactly the packages the bundle leaves external — read from
// esbuild's dist/meta.json — pinned to the versions the app is tested with. better-sqlite3
// builds or downloads its native binding for the user's Node at install time.
//
// Usage: node scripts/pack-cli.mjs [outDir] [--bundle-dependencies]
//   --bundle-dependencies copies those dependencies (and theirs) into the tarball
//   (bundleDependencies): an install that needs no registry, as the tests do offline.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const CLI_PACKAGE_NAME = '@token-vault/cli';

/** The worker threads' entries beside cli.cjs (scripts/build-cli.mjs): the key derivation's and the KeePass reader's. */
const WORKERS = ['kdf-thread.mjs', 'kdbx-worker.mjs'];

/** The bare package name of an import specifier (csv-parse/sync → csv-parse, @a/b/c → @a/b). */
const packageOf = (specifier) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');

/** The packages dist/cli.cjs and its chunks import at run time (node: built-ins aside). */
export function externalPackages(meta) {
  const names = new Set();
  for (const output of Object.values(meta.outputs)) {
    for (const imported of output.imports) if (imported.external && !imported.path.startsWith('node:')) names.add(packageOf(imported.path));
  }
  return [...names].sort();
}

/** The CLI package's package.json, from the app's (version, licence, home) and the bundle's imports. */
export function cliPackageJson(appPackage, meta, { bundle = false } = {}) {
  const dependencies = Object.fromEntries(
    externalPackages(meta).map((name) => {
      const version = appPackage.dependencies[name];
      if (!version) throw new Error(`pack-cli: the CLI imports ${name}, which package.json does not list as a dependency.`);
      return [name, version];
    }),
  );
  return {
    name: CLI_PACKAGE_NAME,
    version: appPackage.version,
    description: 'tokenvault: the command line of Token Vault, an encrypted offline vault for GitLab access tokens.',
    license: appPackage.license,
    homepage: appPackage.homepage,
    repository: appPackage.repository,
    bugs: appPackage.bugs,
    author: appPackage.author,
    type: 'module',
    bin: { tokenvault: 'cli.cjs' },
    files: ['cli.cjs', 'cli.mjs', ...WORKERS, 'chunks/', 'README.md'],
    engines: appPackage.engines,
    dependencies,
    ...(bundle ? { bundleDependencies: Object.keys(dependencies) } : {}),
  };
}

/** Where `name` resolves from a package folder, as Node would: its own node_modules, then upwards. */
function locate(name, fromDir) {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dir === dirname(dir)) return null;
  }
}

/** Copies each dependency and everything it depends on into stage/node_modules (flat, as npm hoists). */
function copyDependencyTree(names, stage) {
  const seen = new Map();
  const queue = names.map((name) => ({ name, from: root }));
  while (queue.length > 0) {
    const { name, from } = queue.shift();
    if (seen.has(name)) continue;
    const dir = locate(name, from);
    if (!dir) throw new Error(`pack-cli: ${name} is not installed; run npm ci first.`);
    seen.set(name, dir);
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    for (const dep of Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies })) queue.push({ name: dep, from: dir });
  }
  for (const [name, dir] of seen) {
    // A native module's build/ is this machine's; the user's install makes its own.
    cpSync(dir, join(stage, 'node_modules', name), { recursive: true, dereference: true, filter: (src) => !/^build(\/|$)/.test(relative(dir, src)) });
  }
  return [...seen.keys()];
}

const README = `# @token-vault/cli

\`tokenvault\`, the command line of [Token Vault](${'${homepage}'}): an encrypted, offline vault for
GitLab access tokens, the same vault file as the desktop app.

    npm install -g @token-vault/cli     # or: npx @token-vault/cli --help
    tokenvault init

Needs Node.js ${'${node}'}. better-sqlite3 downloads a prebuilt binding for your Node at install,
or compiles one (Python 3, make and a C++20 compiler).
`;

/** Builds the package folder and packs it; returns the tarball's path. */
export function packCli(outDir, { bundle = false } = {}) {
  const appPackage = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const meta = JSON.parse(readFileSync(join(root, 'dist', 'meta.json'), 'utf8'));
  const stage = join(outDir, 'cli-package');
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  for (const file of ['cli.cjs', 'cli.mjs', ...WORKERS]) cpSync(join(root, 'dist', file), join(stage, file));
  cpSync(join(root, 'dist', 'chunks'), join(stage, 'chunks'), { recursive: true });
  const manifest = cliPackageJson(appPackage, meta, { bundle });
  if (bundle) copyDependencyTree(Object.keys(manifest.dependencies), stage);
  writeFileSync(join(stage, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  writeFileSync(join(stage, 'README.md'), README.replace('${homepage}', appPackage.homepage).replace('${node}', appPackage.engines.node));
  const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', outDir], { cwd: stage, encoding: 'utf8', env: { ...process.env, npm_config_loglevel: 'error' } }));
  return join(outDir, packed[0].filename);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const outDir = resolve(args.find((arg) => !arg.startsWith('--')) ?? join(root, 'artifacts'));
  mkdirSync(outDir, { recursive: true });
  console.log(`pack-cli: ${packCli(outDir, { bundle: args.includes('--bundle-dependencies') })}`);
}
