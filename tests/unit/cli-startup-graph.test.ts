// What every `tokenvault` command loads before it knows what it will do: dist/cli.cjs and the
// chunks it imports statically, read from esbuild's map of the build (dist/meta.json, written
// by build:cli, which vitest's global setup runs). A command the agent answers must start
// without the vault's machinery (libsodium's WASM, the native SQLite module) and without zod
// or GitLab's code; those are reached only through dynamic imports, by the commands that
// open the vault or talk to GitLab. agent-startup.test.ts checks the same at run time.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';

interface Metafile {
  outputs: Record<string, { imports: { path: string; kind: string; external?: boolean }[]; inputs: Record<string, unknown> }>;
}

const HEAVY_SOURCES = ['electron/vault/vault.ts', 'electron/vault/backups.ts', 'electron/vault/schema.ts', 'electron/vault/types.ts', 'electron/api.ts', 'electron/agent/protocol.ts', 'electron/agent/server.ts', 'electron/agent/headless.ts', 'electron/services.ts'];

const meta = JSON.parse(fs.readFileSync('dist/meta.json', 'utf8')) as Metafile;

/** The source files and external packages an output pulls in, following static imports only (or dynamic ones too). */
function reach(entry: string, followDynamic: boolean): { sources: Set<string>; packages: Set<string> } {
  const sources = new Set<string>();
  const packages = new Set<string>();
  const seen = new Set<string>();
  const visit = (output: string) => {
    if (seen.has(output)) return;
    seen.add(output);
    const { imports, inputs } = meta.outputs[output]!;
    // A checkout whose node_modules is a link elsewhere (a git worktree) names packages by the
    // link's target ("../main/node_modules/zod/…"): compare from node_modules/ on.
    for (const source of Object.keys(inputs)) sources.add(source.replace(/^(?:\.\.\/)+[^]*?(?=node_modules\/)/, ''));
    for (const { path, kind, external } of imports) {
      if (kind === 'dynamic-import' && !followDynamic) continue;
      if (external) {
        if (!path.startsWith('node:')) packages.add(path);
      } else {
        visit(path);
      }
    }
  };
  visit(entry);
  return { sources, packages };
}

describe('the CLI at start-up', () => {
  const start = reach('dist/cli.cjs', false);
  const everything = reach('dist/cli.cjs', true);

  it('imports no native or WASM module, no HTTP stack and no importer', () => {
    expect([...start.packages]).toEqual([]);
    // Not vacuous: the commands that need them do reach them.
    expect([...everything.packages]).toEqual(expect.arrayContaining(['better-sqlite3', 'libsodium-wrappers-sumo', 'undici', 'clipboardy']));
  });

  it('holds neither zod nor the vault, backup or GitLab code', () => {
    const heavy = [...start.sources].filter(
      (source) =>
        source.startsWith('node_modules/zod/') ||
        HEAVY_SOURCES.includes(source) ||
        // GitLab's errors are plain classes the commands test for; the rest is schemas and HTTP.
        (source.startsWith('electron/gitlab/') && source !== 'electron/gitlab/errors.ts'),
    );
    expect(heavy).toEqual([]);
    expect([...everything.sources]).toEqual(expect.arrayContaining(['electron/vault/vault.ts', 'electron/gitlab/schemas.ts', 'electron/agent/headless.ts']));
    expect([...everything.sources].some((source) => source.startsWith('node_modules/zod/'))).toBe(true);
  });
});

describe("the agent's fast path (dist/chunks/fast-agent.cjs)", () => {
  // One CommonJS file with everything it may reach bundled in, dynamic imports too (no
  // splitting): what any of its modules imports on demand is compiled by every `show`, `add`
  // and git helper call. A full-CLI-only import in a shared module (directAccess's backups and
  // zod once sat in access.ts) made it 1 MB and cost those commands about 20 ms of CPU each.
  const fast = reach('dist/chunks/fast-agent.cjs', true);

  it('holds neither zod nor the vault, backup or GitLab code, and loads no package at start', () => {
    const heavy = [...fast.sources].filter((source) => source.startsWith('node_modules/') || HEAVY_SOURCES.includes(source) || source.startsWith('electron/gitlab/'));
    expect(heavy).toEqual([]);
    // No package at start; SQLite only on demand, for a vault whose id is not in its first pages (vault-id.ts).
    expect([...reach('dist/chunks/fast-agent.cjs', false).packages]).toEqual([]);
    expect([...fast.packages]).toEqual(['better-sqlite3']);
    // Not vacuous: it does bundle the commands' bodies and the agent's client.
    expect([...fast.sources]).toEqual(expect.arrayContaining(['electron/cli/agent-served.ts', 'electron/cli/access.ts', 'electron/agent/client.ts']));
  });
});
