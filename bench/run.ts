// `npm run bench`: every benchmark, each printing its figures and ratios against the
// reference measured in the same run. Needs Debian's keepassxc (keepassxc-cli) and GNU time.
import { runAgentBench } from './agent-vs-keepassxc';
import { runGitlabAuditBench } from './gitlab-audit';
import { runKdbxImportBench } from './kdbx-import';
import { runRendererBench } from './renderer';
import { runVaultBench } from './vault-vs-keepassxc';

await runVaultBench();
await runKdbxImportBench();
await runAgentBench();
await runGitlabAuditBench();
await runRendererBench();
