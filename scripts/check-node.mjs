// Runs before `npm start`, `package`, `dist` and `test`: says in words which Node is needed,
// instead of an ERR_REQUIRE_ESM from deep inside a tool. Kept to syntax old Nodes still parse.
//
// Why these versions: electron@45 fetches its binary on first use through @electron/get 5, an
// ES module it loads with require(). Node loads ES modules with require() from 20.19 (and from
// 22.12 on the 22 line), so older Nodes fail there; Vite 8 and ESLint 10 draw the same line.
// electron@45's own package.json asks for 22.12, but 20.19+ runs everything here: the test
// suite runs on Node 20 (tests/unit/node-version.test.ts loads that downloader in it).
//
// Usage: node scripts/check-node.mjs [VERSION]   (VERSION defaults to this Node's; for tests)
import { pathToFileURL } from 'node:url';

/** Must equal package.json's engines.node (a test keeps them equal). */
export const SUPPORTED_NODE = '^20.19.0 || >=22.12.0';

/** null when `version` (like "v20.19.1" or "22.12.0") can run Token Vault's tools; otherwise why not, in words. */
export function nodeVersionProblem(version) {
  const match = /^v?(\d+)\.(\d+)\.(\d+)/.exec(String(version));
  if (!match) return `"${version}" is not a Node.js version.`;
  const major = Number(match[1]);
  const minor = Number(match[2]);
  const supported = (major === 20 && minor >= 19) || (major === 22 && minor >= 12) || major > 22;
  if (supported) return null;
  return (
    `Token Vault needs Node.js 20.19 or newer on the 20 line, or 22.12 or newer (you have ${match[0].replace(/^v?/, '')}). ` +
    'Older versions cannot load the ES modules that Electron 45 uses to fetch its binary. ' +
    'Install a current Node.js LTS (https://nodejs.org) or switch with nvm (nvm install 22), then run the command again.'
  );
}

const invokedDirectly = process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  const problem = nodeVersionProblem(process.argv[2] || process.versions.node);
  if (problem) {
    console.error(problem);
    process.exit(1);
  }
}
