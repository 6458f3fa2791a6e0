// `npm run bench`: every benchmark, each printing its figures and ratios against the
// reference measured in the same run. Needs Debian's keepassxc (keepassxc-cli) and GNU time.
import { runAgentBench } from './agent-vs-keepassxc';
import { runGitlabAuditBench } from './gitlab-audit';
import { runKdbxImportBench } from './kdbx-import';
import { runRendererBench } from './renderer';
import { runSyncBench } from './sync';
import { runVaultBench } from './vault-vs-keepassxc';

// `npm run bench -- vault renderer` runs only those; no names, all of them.
const benches = { vault: runVaultBench, kdbx: runKdbxImportBench, agent: runAgentBench, gitlab: runGitlabAuditBench, renderer: runRendererBench, sync: runSyncBench };
const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !(name in benches));
if (unknown.length > 0) throw new Error(`No bench named ${unknown.join(', ')}; choose from ${Object.keys(benches).join(', ')}.`);
for (const [name, run] of Object.entries(benches)) if (wanted.length === 0 || wanted.includes(name)) await run();
