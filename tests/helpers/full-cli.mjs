// Runs the full CLI (electron/cli.ts, built as a chunk of dist/) with none of the entry's fast
// paths: what dist/cli.mjs must match byte for byte wherever it answers by itself
// (cli-fast-path.test.ts). Usage: node tests/helpers/full-cli.mjs ARGS…
import fs from 'node:fs';

const root = new URL('../../', import.meta.url);
const meta = JSON.parse(fs.readFileSync(new URL('dist/meta.json', root), 'utf8'));
const [chunk] = Object.entries(meta.outputs).find(([, output]) => output.entryPoint === 'electron/cli.ts') ?? [];
if (!chunk) throw new Error('dist/meta.json names no full CLI chunk: run `npm run build:cli`.');
const { runCli } = await import(new URL(chunk, root).href);
const status = await runCli(process.argv, new URL('dist/', root));
process.stdout.write('', () => process.exit(status));
