// `tokenvault gitlab list` and `tokenvault gitlab create`: what glab users ask for — a token's
// list for a person, project or group, and a new token stored the moment GitLab shows it, with
// its expiry as a date or a duration, refused when an active token already has the name.
// GitLab's code is imported when one of them runs (see gitlab.ts).
import type { Command } from 'commander';
import type { GitLabClient } from '../gitlab/client';
import type { GitLabToken } from '../gitlab/schemas';
import { addressForMessage } from '../vault/address-message';
import { CliError, EXIT, type CliContext } from './context';
import { entryJson } from './entry-json';

type ClientFor = (instance: string | null, entryName: string) => Promise<GitLabClient>;
type WithGitLab = <T>(client: GitLabClient, work: () => Promise<T>) => Promise<T>;

/** --project and --group name whose tokens; neither means the person's own. */
function ownerOption(opts: { project?: string; group?: string }): { kind: 'personal' } | { kind: 'project' | 'group'; target: string } {
  if (opts.project && opts.group) throw new CliError(EXIT.usage, 'Give either --project or --group, not both.');
  if (opts.project) return { kind: 'project', target: opts.project };
  if (opts.group) return { kind: 'group', target: opts.group };
  return { kind: 'personal' };
}

function listTable(tokens: GitLabToken[], where: string): string {
  const lines = tokens.map((t) => {
    const state = t.revoked ? 'revoked' : t.active === false ? 'expired' : 'active';
    return `${String(t.id).padStart(8)}  ${t.name.slice(0, 32).padEnd(32)}  ${(t.expires_at ?? 'never').padEnd(10)}  ${state.padEnd(7)}  ${t.scopes.join(',')}`;
  });
  return [`${'ID'.padStart(8)}  ${'NAME'.padEnd(32)}  ${'EXPIRES'.padEnd(10)}  ${'STATE'.padEnd(7)}  SCOPES`, ...lines, `${tokens.length} tokens of ${where}.`].join('\n');
}

export function registerGitlabManageCommands(gitlab: Command, ctx: CliContext, clientFor: ClientFor, withGitLab: WithGitLab): void {
  gitlab
    .command('list')
    .description("list the tokens of your account, a project or a group on GitLab")
    .requiredOption('--instance <url>', 'the GitLab instance, e.g. https://gitlab.example.com')
    .requiredOption('--using <ref>', 'the stored token to ask with (read_api or api)')
    .option('--project <path>', "a project's access tokens (Maintainer needed)")
    .option('--group <path>', "a group's access tokens (Owner needed)")
    .option('--active', 'only tokens that still work')
    .option('--json', 'print the tokens as JSON')
    .action(async (opts: { instance: string; using: string; project?: string; group?: string; active?: boolean; json?: boolean }) => {
      const [{ listAccessTokens, listPersonalTokens }, { normaliseInstance }] = await Promise.all([import('../gitlab/tokens'), import('../vault/types')]);
      const instance = normaliseInstance(opts.instance);
      if (!instance) throw new CliError(EXIT.usage, `"${addressForMessage(opts.instance)}" is not a GitLab address; write it like https://gitlab.example.com.`);
      const owner = ownerOption(opts);
      const vault = await ctx.openUnlocked();
      const using = vault.find(opts.using);
      const client = await clientFor(instance, using.name);
      const secret = vault.readSecret(using.id);
      const state = opts.active ? ('active' as const) : undefined;
      const tokens = await withGitLab(client, () =>
        owner.kind === 'personal' ? listPersonalTokens(client, secret, state ? { state } : {}) : listAccessTokens(client, secret, owner, state ? { state } : {}),
      );
      if (opts.json) ctx.json(tokens);
      else ctx.out(listTable(tokens, owner.kind === 'personal' ? `"${using.name}"'s account on ${instance}` : `${owner.kind} ${owner.target}`));
    });

  gitlab
    .command('create <name>')
    .description("create a token on GitLab and store it at once: a project or group access token (or, for admins, a user's), or --kind deploy|trigger|runner|agent|service-account|oauth-app|webhook")
    .requiredOption('--using <ref>', "the stored personal token to create it with (api; Maintainer/Owner, or an admin for --user)")
    .option('--kind <kind>', 'deploy, trigger, runner, agent, service-account, oauth-app or webhook (default: an access token of --project, --group or --user)')
    .option('--scopes <list>', 'comma-separated scopes, e.g. read_api,read_repository')
    .option('--use <use>', `a deploy token's use, for the least scopes it needs: ${Object.keys(DEPLOY_USE_WORDS).join(', ')} (default registry-pull)`)
    .option('--project <path>', 'a project access token, or the project of a --kind credential')
    .option('--group <path>', 'a group access token, or the group of a --kind credential')
    .option('--instance-wide', 'an instance runner or OAuth application (administrators)')
    .option('--user <username>', "a personal token for this user (administrators of self-managed GitLab)")
    .option('--expires <date>', 'expiry date, YYYY-MM-DD')
    .option('--duration <d>', 'expiry as a duration from today: 30d, 4w, 720h')
    .option('--access-level <n>', 'role of a project/group token: 10 guest … 40 maintainer (default) … 50 owner')
    .option('--description <text>', 'what the token is for (GitLab 17.7+; a trigger\'s or runner\'s description)')
    .option('--username <name>', "a deploy token's username, or a service account's")
    .option('--tags <list>', "a runner's tags, comma-separated")
    .option('--paused', 'create the runner paused')
    .option('--agent <id>', 'the cluster agent an agent token is for')
    .option('--hook <id>', 'the webhook whose secret token is made and set')
    .option('--redirect-uri <url>', "an OAuth application's redirect URI")
    .option('--rotate-every <days>', 'a rotation reminder for a secret that never expires')
    .option('--used-in <place...>', 'where the token will be used, e.g. acme/app:DEPLOY_TOKEN')
    .option('--json', 'print the stored entry as JSON')
    .action(async (name: string, opts: CreateOptions) => {
      if (opts.kind && !['project', 'group', 'personal'].includes(opts.kind)) return createCredential(ctx, clientFor, withGitLab, name, opts);
      const targets = [opts.project, opts.group, opts.user].filter(Boolean).length;
      if (targets !== 1) throw new CliError(EXIT.usage, 'Say whose token it is: exactly one of --project, --group or --user.');
      const scopes = (opts.scopes ?? '').split(',').map((s) => s.trim()).filter(Boolean);
      if (!scopes.length) throw new CliError(EXIT.usage, '--scopes needs at least one scope, e.g. read_api.');
      if (opts.accessLevel !== undefined && !/^\d{2}$/.test(opts.accessLevel)) throw new CliError(EXIT.usage, `--access-level must be a number like 30 or 40, not "${opts.accessLevel}".`);
      const [{ expiryFromOptions }, { isoDay }, { createAndStore }] = await Promise.all([import('../gitlab/expiry-input'), import('../gitlab/tokens'), import('../gitlab/vault-ops')]);
      let expiresAt: string | null;
      try {
        expiresAt = expiryFromOptions(opts, isoDay(new Date()));
      } catch (err) {
        throw new CliError(EXIT.usage, (err as Error).message);
      }
      if (!expiresAt) throw new CliError(EXIT.usage, 'Say when the token expires: --expires YYYY-MM-DD or --duration 30d.');
      const kind = opts.project ? 'project' : opts.group ? 'group' : 'personal';
      const vault = await ctx.openUnlocked();
      const using = vault.find(opts.using);
      const client = await clientFor(using.instance, using.name);
      const entry = await withGitLab(client, () =>
        createAndStore(vault, client, {
          usingId: using.id,
          kind,
          target: (opts.project ?? opts.group ?? opts.user) as string,
          name,
          scopes,
          expiresAt: expiresAt as string,
          ...(opts.description ? { description: opts.description } : {}),
          ...(opts.accessLevel ? { accessLevel: Number(opts.accessLevel) } : {}),
          ...(opts.usedIn ? { usedIn: opts.usedIn } : {}),
        }),
      );
      if (opts.json) ctx.json(entryJson(entry));
      else ctx.out(`Created "${entry.name}" on GitLab (token ${entry.gitlab.tokenId}) and stored it; it expires on ${entry.expiresAt ?? 'no date'}.`);
    });
}

interface CreateOptions {
  using: string; kind?: string; scopes?: string; use?: string; project?: string; group?: string; instanceWide?: boolean; user?: string; expires?: string; duration?: string;
  accessLevel?: string; description?: string; username?: string; tags?: string; paused?: boolean; agent?: string; hook?: string; redirectUri?: string; rotateEvery?: string;
  usedIn?: string[]; json?: boolean;
}

/** What each deploy-token use needs (credential-create.ts DEPLOY_USES), for --help without loading GitLab's code. */
const DEPLOY_USE_WORDS: Record<string, string> = { 'registry-pull': 'read_registry', clone: 'read_repository', 'package-pull': 'read_package_registry', 'registry-push': 'read_registry,write_registry' };
const CREDENTIAL_KINDS = ['deploy', 'trigger', 'runner', 'agent', 'service-account', 'oauth-app', 'webhook'] as const;
const wholeNumber = (label: string, value: string | undefined): number | undefined => {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new CliError(EXIT.usage, `${label} must be a whole number, not "${value}".`);
  return Number(value);
};

/** `gitlab create --kind …`: the credential made with least privilege by default, stored in the same step. */
async function createCredential(ctx: CliContext, clientFor: ClientFor, withGitLab: WithGitLab, name: string, opts: CreateOptions): Promise<void> {
  const kind = opts.kind as (typeof CREDENTIAL_KINDS)[number];
  if (!CREDENTIAL_KINDS.includes(kind)) throw new CliError(EXIT.usage, `--kind must be one of ${CREDENTIAL_KINDS.join(', ')} (or leave it out for an access token), not "${opts.kind}".`);
  const owners = [opts.project, opts.group, opts.instanceWide].filter(Boolean).length;
  if (owners > 1) throw new CliError(EXIT.usage, 'Give one of --project, --group or --instance-wide.');
  if (opts.user) throw new CliError(EXIT.usage, '--user is for personal access tokens; a service account is made with --group.');
  const owner = opts.project ? { kind: 'project' as const, target: opts.project } : opts.group ? { kind: 'group' as const, target: opts.group } : opts.instanceWide || kind === 'oauth-app' ? { kind: 'instance' as const } : null;
  if (!owner) throw new CliError(EXIT.usage, `Say whose ${kind} it is: --project PATH${kind === 'runner' || kind === 'deploy' || kind === 'webhook' ? ' or --group PATH' : ''}${kind === 'runner' ? ' or --instance-wide' : ''}.`);
  if (opts.use && kind !== 'deploy') throw new CliError(EXIT.usage, '--use is for deploy tokens.');
  if (opts.use && !DEPLOY_USE_WORDS[opts.use]) throw new CliError(EXIT.usage, `--use must be one of ${Object.keys(DEPLOY_USE_WORDS).join(', ')}, not "${opts.use}".`);
  const [{ expiryFromOptions }, { addDays, isoDay }, { createCredentialAndStore, DEPLOY_USES }] = await Promise.all([import('../gitlab/expiry-input'), import('../gitlab/tokens'), import('../gitlab/credential-create')]);
  let expiresAt: string | null;
  try {
    expiresAt = expiryFromOptions(opts, isoDay(new Date()));
  } catch (err) {
    throw new CliError(EXIT.usage, (err as Error).message);
  }
  // Least privilege: a deploy token and a service account's token expire in a year unless told otherwise.
  if (!expiresAt && (kind === 'deploy' || kind === 'service-account')) expiresAt = addDays(isoDay(new Date()), 365);
  const scopes = opts.scopes ? opts.scopes.split(',').map((s) => s.trim()).filter(Boolean) : kind === 'deploy' ? DEPLOY_USES[opts.use ?? 'registry-pull'] : undefined;
  const agentId = wholeNumber('--agent', opts.agent);
  const hookId = wholeNumber('--hook', opts.hook);
  const rotateEveryDays = wholeNumber('--rotate-every', opts.rotateEvery);
  const vault = await ctx.openUnlocked();
  const using = vault.find(opts.using);
  const client = await clientFor(using.instance, using.name);
  const entry = await withGitLab(client, () =>
    createCredentialAndStore(vault, client, {
      usingId: using.id, kind, name, owner,
      ...(scopes ? { scopes } : {}),
      expiresAt,
      ...(opts.description ? { description: opts.description } : {}),
      ...(opts.usedIn ? { usedIn: opts.usedIn } : {}),
      ...(opts.username ? { username: opts.username } : {}),
      ...(opts.tags ? { tags: opts.tags.split(',').map((t) => t.trim()).filter(Boolean) } : {}),
      ...(opts.paused ? { paused: true } : {}),
      ...(agentId !== undefined ? { agentId } : {}),
      ...(hookId !== undefined ? { hookId } : {}),
      ...(opts.redirectUri ? { redirectUri: opts.redirectUri } : {}),
      ...(rotateEveryDays ? { rotateEveryDays } : {}),
    }),
  );
  if (opts.json) ctx.json(entryJson(entry));
  else ctx.out(`Created "${entry.name}" on GitLab (${kind} ${entry.gitlab.tokenId}) and stored it${entry.expiresAt ? `; it expires on ${entry.expiresAt}` : '; GitLab gives it no expiry'}${entry.scopes.length ? ` (scopes ${entry.scopes.join(', ')})` : ''}.`);
}
