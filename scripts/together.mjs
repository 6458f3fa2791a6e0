// `node scripts/together.mjs a b`: runs npm scripts a and b at the same time; fails if either
// fails. npm test's typecheck and lint are one single-threaded process each (41 and 60 CPU-s
// measured), so on CI's two cores, side by side, they cost the longer one's time, not the sum.
// Each one's output is printed whole when it ends, so their errors never interleave.
import { spawn } from 'node:child_process';

function run(name) {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', name], { stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    child.stdout.on('data', (chunk) => out.push(chunk));
    child.stderr.on('data', (chunk) => err.push(chunk));
    child.on('error', (error) => err.push(Buffer.from(`${error.message}\n`)));
    child.on('close', (code) => {
      process.stdout.write(Buffer.concat(out));
      process.stderr.write(Buffer.concat(err));
      resolve(code === 0);
    });
  });
}

const names = process.argv.slice(2);
const passed = await Promise.all(names.map(run));
process.exitCode = passed.every(Boolean) ? 0 : 1;
