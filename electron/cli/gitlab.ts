// `tokenvault gitlab verify|rotate|revoke|audit` (list and create: gitlab-manage.ts): the GitLab operations from a terminal.
// Every GitLab failure exits 5 with its one-sentence diagnosis; secrets are never printed.
// GitLab's code (its zod schemas, the HTTP stack) is imported by the actions, when a gitlab
// command runs: every other command, above all those the agent answers, starts without it.
import { readFileSync } from 'node:fs';
import type { AuditReport, FINDING_TEXT } from '../gitlab/audit';
import type { GitLabClient } from '../gitlab/client';
import { isGitLabError } from '../gitlab/errors';
import type { VariablePlace, VariableReport } from '../gitlab/variables';
import { addressForMessage } from '../vault/address-message';
import type { EntryOverview } from '../vault/types';
import type { Vault } from '../vault/vault';
import { CliError, EXIT, type RegisterCommands } from './context';
import { registerGitlabManageCommands } from './gitlab-manage';
import { entryJson, lastUseWords } from './entry-json';
import { agentEntryWithInstance, fromGitLabAgent, gitlabAgent, unlessPasswordNeeded } from './gitlab-via-agent';

export interface ConnectionOptions {
  caFile?: string;
  trustFingerprint?: string;
  timeout?: string;
}

/** The HTTP stack (undici) loads only when a GitLab command runs: it would double every other command's start-up. */
export async function clientFor(instance: string | null, entryName: string, opts: ConnectionOptions): Promise<GitLabClient> {
  const { GitLabClient } = await import('../gitlab/client');
  if (!instance) throw new CliError(EXIT.failed, `"${entryName}" has no GitLab instance; set one with the desktop app or re-add it with --instance.`);
  let extraCaPem: string[] | undefined;
  if (opts.caFile) {
    try {
      extraCaPem = [readFileSync(opts.caFile, 'utf8')];
    } catch {
      throw new CliError(EXIT.usage, `Cannot read the CA certificate file ${opts.caFile}.`);
    }
  }
  if (opts.timeout !== undefined && !/^\d+$/.test(opts.timeout)) throw new CliError(EXIT.usage, `--timeout must be a whole number of seconds, not "${opts.timeout}".`);
  return new GitLabClient({
    instance,
    ...(extraCaPem ? { extraCaPem } : {}),
    ...(opts.trustFingerprint ? { trustedFingerprint: opts.trustFingerprint } : {}),
    ...(opts.timeout ? { timeoutMs: Number(opts.timeout) * 1000 } : {}),
  });
}

/**
 * In a team copy, a token goes to GitLab only at an address no removed member set (a leaver's own
 * server there would see the secret): team/address-guard.ts decides, for each token sent.
 */
async function refuseLeaversAddress(vault: Vault, ...ids: (string | null)[]): Promise<void> {
  const [{ addressChecker }, { loadSodium }] = await Promise.all([import('../team/address-guard'), import('../vault/sodium')]);
  const check = addressChecker(await loadSodium(), vault);
  for (const id of ids) {
    const refusal = id ? check(id).refusal : null;
    if (refusal) throw new CliError(EXIT.gitlab, refusal);
  }
}

/** Runs `work` with a client, turning GitLab failures into exit status 5. */
async function withGitLab<T>(client: GitLabClient, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isGitLabError(error)) throw new CliError(EXIT.gitlab, error.message);
    throw error;
  } finally {
    await client.close();
  }
}

function auditTable(report: AuditReport, findingText: typeof FINDING_TEXT): string {
  const lines = report.rows.map((r) => {
    const flags = r.findings.map((f) => findingText[f]).join('; ') || 'ok';
    const id = r.tokenId === null ? '-' : String(r.tokenId);
    return `${id.padStart(8)}  ${r.name.slice(0, 32).padEnd(32)}  ${(r.expiresAt ?? 'never').padEnd(10)}  ${(r.entryName ? 'in vault' : '-').padEnd(8)}  ${r.scopes.join(',')}  [${flags}]`;
  });
  const totals = Object.entries(report.counts)
    .filter(([, n]) => n > 0)
    .map(([f, n]) => `${n} ${findingText[f as keyof typeof findingText]}`);
  return [
    `${'ID'.padStart(8)}  ${'NAME'.padEnd(32)}  ${'EXPIRES'.padEnd(10)}  ${'VAULT'.padEnd(8)}  SCOPES  [FINDINGS]`,
    ...lines,
    `${report.rows.length} tokens ${report.owner ? `of ${report.owner.kind} ${report.owner.target} ` : ''}on ${report.instance}${totals.length ? `: ${totals.join(', ')}` : ', nothing to report'}.`,
  ].join('\n');
}

export const registerGitlabCommands: RegisterCommands = (program, ctx) => {
  const gitlab = program
    .command('gitlab')
    .description('ask GitLab about stored tokens: verify, rotate, revoke, audit, list, create')
    .option('--ca-file <path>', 'trust this PEM CA certificate too (self-managed instances)')
    .option('--trust-fingerprint <sha256>', "accept this instance's certificate by its SHA-256 fingerprint")
    .option('--timeout <seconds>', 'give up on an answer after this long (default 20)');
  const connection = (): ConnectionOptions => gitlab.opts<ConnectionOptions>();
  /** Connection options apply to a client made here: with any of them, the command talks to GitLab itself. */
  const ownConnection = () => Object.values(connection()).some((v) => v !== undefined);
  registerGitlabManageCommands(gitlab, ctx, (instance, name) => clientFor(instance, name, connection()), withGitLab);

  gitlab
    .command('verify <ref>')
    .description('ask GitLab about the token and update its stored metadata')
    .option('--json', 'print the entry and what GitLab said as JSON')
    .option('--using <ref>', 'after a lost rotation: find the orphaned new token with this stored token and revoke it by id (default: GitLab\'s reuse detection)')
    .action(async (ref: string, opts: { json?: boolean; using?: string }) => {
      const agent = await gitlabAgent(ctx, Boolean(opts.using) || ownConnection());
      if (agent) {
        const entry = await agentEntryWithInstance(agent, ref);
        const answer = unlessPasswordNeeded(ctx, await agent.call('gitlabVerify', { id: entry.id }));
        if (answer) {
          const r = fromGitLabAgent(answer);
          if (opts.json) ctx.json({ entry: entryJson(r.entry), finding: r.finding, recoveryUrl: r.recoveryUrl ?? null });
          else if (r.finding.ok) ctx.out(describeVerified(r.entry, r.finding.message));
          if (!r.finding.ok) throw new CliError(EXIT.gitlab, r.finding.message);
          return;
        }
      }
      const { verifyEntry } = await import('../gitlab/vault-ops');
      const vault = await ctx.openUnlocked();
      const entry = vault.find(ref);
      const usingId = opts.using ? vault.find(opts.using).id : null;
      await refuseLeaversAddress(vault, entry.id, usingId);
      const client = await clientFor(entry.instance, entry.name, connection());
      const r = await withGitLab(client, () => verifyEntry(vault, client, entry.id, { usingId }));
      if (opts.json) ctx.json({ entry: entryJson(r.entry), finding: r.finding, recoveryUrl: r.recoveryUrl });
      else if (r.finding.ok) ctx.out(describeVerified(r.entry, r.finding.message));
      if (!r.finding.ok) throw new CliError(EXIT.gitlab, r.finding.message);
    });

  gitlab
    .command('rotate <ref>')
    .description('rotate the token on GitLab and store the new secret in the same step')
    .option('--expires <date>', 'expiry of the new token, YYYY-MM-DD (default: the same lifetime, capped at the maximum)')
    .option('--duration <d>', 'expiry of the new token as a duration from today: 30d, 4w, 720h')
    .option('--using <ref>', 'rotate by id with another stored token (api scope; the owner, an admin, or a Maintainer/Owner for project/group tokens)')
    .option('--update-variables', 'then set the CI/CD variables named in "where used" (acme/app:KEY, group:acme:KEY, acme/app:KEY@production) to the new token; all are checked first')
    .option('--dry-run', 'with --update-variables: rotate nothing, only check each variable can be updated')
    .option('--finish', 'a deploy, trigger or agent token swap left half-way: set the CI/CD variables left and revoke the old token')
    .action(async (ref: string, opts: { expires?: string; duration?: string; using?: string; updateVariables?: boolean; dryRun?: boolean; finish?: boolean }) => {
      const [{ expiryFromOptions }, { isoDay }, { planVariables, describePlan, updateVariables }, { rotateEntry }] = await Promise.all([
        import('../gitlab/expiry-input'),
        import('../gitlab/tokens'),
        import('../gitlab/variables'),
        import('../gitlab/vault-ops'),
      ]);
      let expiresAt: string | null;
      try {
        expiresAt = expiryFromOptions(opts, isoDay(new Date()));
      } catch (err) {
        throw new CliError(EXIT.usage, (err as Error).message);
      }
      if (opts.dryRun && !opts.updateVariables) throw new CliError(EXIT.usage, '--dry-run goes with --update-variables: it checks the variables without rotating.');
      const agent = await gitlabAgent(ctx, Boolean(opts.using || opts.updateVariables) || ownConnection());
      if (agent) {
        const entry = await agentEntryWithInstance(agent, ref);
        const answer = unlessPasswordNeeded(ctx, await agent.call('gitlabRotate', expiresAt ? { id: entry.id, expiresAt } : { id: entry.id }));
        if (answer) return ctx.out(fromGitLabAgent(answer).message);
      }
      const vault = await ctx.openUnlocked();
      const entry = vault.find(ref);
      const usingId = opts.using ? vault.find(opts.using).id : null;
      await refuseLeaversAddress(vault, entry.id, usingId, entry.facts?.managedBy ?? null);
      const { isCredentialKind } = await import('../gitlab/credential-ops');
      const halfWay = entry.pendingRotation !== null && entry.pendingRotation.oldTokenId !== entry.gitlab.tokenId;
      if (opts.finish && !halfWay) throw new CliError(EXIT.usage, `"${entry.name}" has no swap left half-way to finish.`);
      if (isCredentialKind(entry.kind)) {
        // Swaps set the CI/CD variables of "where used" themselves, between making the new token and revoking the old.
        if (opts.dryRun) throw new CliError(EXIT.usage, `--dry-run is for access tokens; a ${entry.kind} token's variables are checked before anything is made.`);
        const client = await clientFor(entry.instance, entry.name, connection());
        const r = await withGitLab(client, () => rotateEntry(vault, client, entry.id, { expiresAt, usingId }));
        for (const w of r.warnings) ctx.out(w);
        return ctx.out(r.message);
      }
      if (entry.pendingRotation && usingId) {
        // An unconfirmed rotation is settled first: --using finds and revokes its orphan (verify --using).
        const { verifyEntry } = await import('../gitlab/vault-ops');
        const client = await clientFor(entry.instance, entry.name, connection());
        const r = await withGitLab(client, () => verifyEntry(vault, client, entry.id, { usingId }));
        if (!r.finding.ok) throw new CliError(EXIT.gitlab, r.finding.message);
        ctx.out(`${r.finding.message} Nothing was rotated; rotate again if it still needs it.`);
        return;
      }
      const places = opts.updateVariables ? await variablePlaces(entry.usedIn, entry.name) : [];
      const client = await clientFor(entry.instance, entry.name, connection());
      await withGitLab(client, async () => {
        // The new token itself may lack api; a --using token is the one known to manage things.
        const manager = () => vault.readSecret(usingId ?? entry.id);
        // Every variable is checked before the rotation: a pipeline must never be left on a revoked token.
        const plan = places.length ? await planVariables(client, manager(), places) : null;
        if (plan && opts.dryRun) return reportVariables(ctx, describePlan(plan), `Dry run: "${entry.name}" was not rotated.`);
        if (plan?.problems.length) {
          for (const p of plan.problems) ctx.out(p.message);
          throw new CliError(EXIT.gitlab, `Nothing was rotated: ${plan.problems.length} of ${places.length} CI/CD variables cannot be updated; see above.`);
        }
        const r = await rotateEntry(vault, client, entry.id, { expiresAt, usingId });
        ctx.out(r.message);
        if (!plan) return;
        const reports = await updateVariables(client, manager(), plan.targets, vault.readSecret(entry.id));
        // A variable set through the API already has the new token: tick it off the follow-up.
        const updated = reports.filter((r) => r.ok).map((r) => r.place.label);
        if (updated.length) {
          const { markPlaces } = await import('../vault/follow-up');
          markPlaces(vault, entry.id, updated, true, " through GitLab's API");
        }
        reportVariables(ctx, reports, null);
      });
    });

  gitlab
    .command('revoke <ref>')
    .description('revoke the token on GitLab and mark it revoked in the vault')
    .option('--using <ref>', 'revoke by id with another stored token (any token can revoke itself; this is for one that no longer works, or GitLab before 15.4)')
    .action(async (ref: string, opts: { using?: string }) => {
      const agent = await gitlabAgent(ctx, Boolean(opts.using) || ownConnection());
      if (agent) {
        const entry = await agentEntryWithInstance(agent, ref);
        const answer = unlessPasswordNeeded(ctx, await agent.call('gitlabRevoke', { id: entry.id }));
        if (answer) return ctx.out(fromGitLabAgent(answer).message);
      }
      const { revokeEntry } = await import('../gitlab/vault-ops');
      const vault = await ctx.openUnlocked();
      const entry = vault.find(ref);
      const usingId = opts.using ? vault.find(opts.using).id : null;
      await refuseLeaversAddress(vault, entry.id, usingId, entry.facts?.managedBy ?? null);
      const client = await clientFor(entry.instance, entry.name, connection());
      const r = await withGitLab(client, () => revokeEntry(vault, client, entry.id, { usingId }));
      ctx.out(r.message);
    });

  gitlab
    .command('audit [path]')
    .description("every credential of a project or group (PATH) beside the vault's; without PATH, the account's personal tokens")
    .option('--instance <url>', "the GitLab instance, e.g. https://gitlab.example.com (default: the --using token's)")
    .requiredOption('--using <ref>', 'the stored token to ask with (read_api or api)')
    .option('--project <path>', "only a project's access tokens, with findings (Maintainer needed)")
    .option('--group <path>', "only a group's access tokens, with findings (Owner needed)")
    .option('--json', 'print the report as JSON')
    .action(async (path: string | undefined, opts: { instance?: string; using: string; project?: string; group?: string; json?: boolean }) => {
      if (opts.project && opts.group) throw new CliError(EXIT.usage, 'Give either --project or --group, not both.');
      if (path && (opts.project || opts.group)) throw new CliError(EXIT.usage, 'Give a PROJECT|GROUP path or --project/--group, not both: the path audits every kind of credential, the options only access tokens.');
      const owner = opts.project ? { kind: 'project' as const, target: opts.project } : opts.group ? { kind: 'group' as const, target: opts.group } : undefined;
      const [{ auditAccount, FINDING_TEXT }, { normaliseInstance }] = await Promise.all([import('../gitlab/audit'), import('../vault/types')]);
      const vault = await ctx.openUnlocked();
      const using = vault.find(opts.using);
      const given = opts.instance ?? (path ? using.instance : undefined);
      if (!given) throw new CliError(EXIT.usage, '--instance is needed: say which GitLab to audit.');
      const instance = normaliseInstance(given);
      if (!instance) throw new CliError(EXIT.usage, `"${addressForMessage(given)}" is not a GitLab address; write it like https://gitlab.example.com.`);
      const client = await clientFor(instance, using.name, connection());
      if (path) {
        const [{ auditOwner }, { ownerAuditText }] = await Promise.all([import('../gitlab/owner-audit'), import('./owner-audit-text')]);
        ctx.progress(`Reading every credential of ${path} on ${instance}…`);
        const report = await withGitLab(client, () => auditOwner(client, vault.readSecret(using.id), vault.list(), path));
        ctx.progress('');
        if (opts.json) ctx.json(report);
        else ctx.out(ownerAuditText(report));
        // Nothing read at all is a failure, with every list's reason on standard error.
        if (report.lists.every((l) => l.status !== 'read')) throw new CliError(EXIT.gitlab, `GitLab let this token read none of ${path}'s credentials: ${report.lists.map((l) => l.message).join(' ')}`);
        return;
      }
      ctx.progress(`Reading tokens on ${instance}…`);
      const report = await withGitLab(client, () => auditAccount(client, vault.readSecret(using.id), vault.list(), owner ? { owner } : {}));
      ctx.progress('');
      if (opts.json) ctx.json(report);
      else ctx.out(auditTable(report, FINDING_TEXT));
    });
};

/** The CI/CD variables among "where used"; a usage error when there are none to update. */
async function variablePlaces(usedIn: string[], name: string): Promise<VariablePlace[]> {
  const { parseVariablePlace } = await import('../gitlab/variables');
  const places = usedIn.map(parseVariablePlace).filter((p): p is VariablePlace => p !== null);
  if (!places.length)
    throw new CliError(EXIT.usage, `"${name}" names no CI/CD variable in "where used" (write them like acme/app:DEPLOY_TOKEN, group:acme:KEY, or acme/app:KEY@production for one environment).`);
  return places;
}

/** One line per variable; exit 5 when any could not be updated (the rotation itself stands). */
function reportVariables(ctx: Parameters<RegisterCommands>[1], reports: VariableReport[], heading: string | null): void {
  if (heading) ctx.out(heading);
  for (const r of reports) ctx.out(r.message);
  const failedCount = reports.filter((r) => !r.ok).length;
  if (failedCount) throw new CliError(EXIT.gitlab, `${failedCount} of ${reports.length} CI/CD variables ${heading ? 'cannot be' : 'were not'} updated; see above.`);
}

function describeVerified(entry: EntryOverview, message: string): string {
  const facts = [
    `${entry.name}: ${message}`,
    `  scopes   ${entry.scopes.join(', ') || '-'}`,
    `  expires  ${entry.expiresAt ?? 'never'}`,
    `  owner    ${entry.gitlab.username ?? '-'}`,
    `  last use ${lastUseWords(entry.lastUsedAt, true)}`,
  ];
  return facts.join('\n');
}

