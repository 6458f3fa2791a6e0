// Token operations on one instance: verify, rotate, revoke, create, list. Pure functions of a
// client and a token; they know nothing of storage (vault-ops.ts does that part).
import { z } from 'zod';
import type { EntryPatch } from '../vault/types';
import type { GitLabClient } from './client';
import { explain401, explainAdmin403, notPermittedSentence, otherUsersTokensSentence, tooOldToDescribe } from './authority';
import { GitLabError, isGitLabError } from './errors';
import { tokenSchema, tokenWithSecretSchema, userSchema, type GitLabToken, type GitLabTokenWithSecret, type GitLabUser } from './schemas';
import { DEFAULT_MAX_LIFETIME_DAYS, describeLimit, type LifetimePolicy } from './lifetime';
import { SINCE, learnVersion, versionAtLeast } from './version';

export type OwnerKind = 'personal' | 'project' | 'group';

/** Whose token: a person's, or a project's/group's (by id or full path). */
export interface TokenOwner {
  kind: OwnerKind;
  target?: string | null;
}

const DAY_MS = 86_400_000;
export const isoDay = (d: Date): string => d.toISOString().slice(0, 10);
export const addDays = (day: string, n: number): string => isoDay(new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS));
const daysBetween = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);

const READS_USER = ['api', 'read_api', 'read_user'];

function targetBase(owner: TokenOwner): string {
  if (owner.kind === 'personal') return '/personal_access_tokens';
  if (!owner.target) throw new GitLabError('invalid_request', `A ${owner.kind} token needs its ${owner.kind}'s path or id to be managed.`);
  return `/${owner.kind === 'project' ? 'projects' : 'groups'}/${encodeURIComponent(owner.target)}/access_tokens`;
}

export interface VerifyResult {
  token: GitLabToken;
  user: GitLabUser | null;
  version: string | null;
  /** Facts to write into the vault entry. */
  patch: EntryPatch;
  /** Things worth telling the user that are not failures. */
  notes: string[];
}

/**
 * Asks GitLab about the token itself; adds the owner and version where the scopes allow. The
 * version comes first: before 15.5 GitLab cannot describe a token by itself and answers 401,
 * so there the token is looked up in its account's list by its known id or name instead.
 */
export async function verifyToken(
  client: GitLabClient,
  secret: string,
  opts: { knownExpiresAt?: string | null; now?: Date; knownTokenId?: number | null; knownName?: string | null } = {},
): Promise<VerifyResult> {
  const probe = await learnVersion(client, secret);
  const notes: string[] = [];
  let token: GitLabToken;
  if (client.version && !versionAtLeast(client.version, SINCE.selfInfo)) {
    token = await identifyOnOldGitLab(client, secret, opts);
    notes.push(`${client.host} runs GitLab ${client.version}, which cannot describe a token by itself (that needs ${SINCE.selfInfo}); it was found in the account's token list.`);
  } else {
    try {
      token = (await client.request(secret, { path: '/personal_access_tokens/self', schema: tokenSchema, what: 'checking the token', since: SINCE.selfInfo, expiresAt: opts.knownExpiresAt })).data;
    } catch (err) {
      // GitLab authenticated the token for /version yet not here: "self" was read as an id (before 15.5).
      if (isGitLabError(err) && err.code === 'unrecognised' && !client.version && probe.tokenKnown) throw tooOldToDescribe(client);
      // /self admits every scope (self_information.rb); a scope refusal means the ":id" route answered.
      if (isGitLabError(err) && err.code === 'insufficient_scope' && !client.version) throw tooOldToDescribe(client);
      throw err;
    }
  }
  let user: GitLabUser | null = null;
  const fineGrained = isFineGrained(token);
  if (fineGrained) {
    notes.push('This is a fine-grained personal access token: GitLab grants it named permissions per project, group or user instead of scopes, so its scopes read "granular".');
  }
  if (fineGrained || token.scopes.some((s) => READS_USER.includes(s))) {
    user = await optional(client.request(secret, { path: '/user', schema: userSchema, what: 'reading the token owner' }), notes);
  } else {
    notes.push('The token has no read_user, read_api or api scope, so its owner name cannot be read.');
  }
  const now = (opts.now ?? new Date()).toISOString();
  const expired = token.expires_at !== null && token.expires_at <= isoDay(opts.now ?? new Date());
  const active = token.active ?? (!token.revoked && !expired);
  return {
    token,
    user,
    version: client.version,
    notes,
    patch: {
      scopes: token.scopes,
      expiresAt: token.expires_at,
      revoked: token.revoked,
      lastUsedAt: token.last_used_at ?? null,
      lastVerifiedAt: now,
      gitlab: {
        tokenId: token.id,
        userId: token.user_id ?? user?.id ?? null,
        username: user?.username ?? null,
        ...(token.access_level !== undefined ? { accessLevel: token.access_level } : {}),
        active,
        revoked: token.revoked,
        neverExpires: token.expires_at === null,
      },
    },
  };
}

/**
 * A fine-grained (granular) token: GitLab's entity says `granular: true`; its legacy scope list is
 * the single placeholder "granular" (create_granular_service.rb), which also marks it where the
 * entity has no `granular` field.
 */
export const isFineGrained = (t: { granular?: boolean; scopes: string[] }): boolean =>
  t.granular === true || (t.scopes.length === 1 && t.scopes[0] === 'granular');

/** Before 15.5: the token's own entry in its account's list, by known id, else by a name only one active token has. */
async function identifyOnOldGitLab(client: GitLabClient, secret: string, opts: { knownTokenId?: number | null; knownName?: string | null }): Promise<GitLabToken> {
  let list: GitLabToken[];
  try {
    list = await listPersonalTokens(client, secret);
  } catch (err) {
    if (isGitLabError(err) && ['insufficient_scope', 'forbidden'].includes(err.code)) throw tooOldToDescribe(client);
    throw err;
  }
  const byId = opts.knownTokenId != null ? list.find((t) => t.id === opts.knownTokenId) : undefined;
  const named = list.filter((t) => t.name === opts.knownName && !t.revoked && t.active !== false);
  const found = byId ?? (named.length === 1 ? named[0] : undefined);
  if (!found) throw tooOldToDescribe(client);
  return found;
}

/** A secondary read that may fail without failing verify; its failure becomes a note. */
async function optional<T>(call: Promise<{ data: T }>, notes: string[]): Promise<T | null> {
  try {
    return (await call).data;
  } catch (err) {
    if (isGitLabError(err) && ['insufficient_scope', 'granular_permission', 'forbidden', 'too_new', 'not_found'].includes(err.code)) {
      notes.push(err.message);
      return null;
    }
    throw err;
  }
}

/**
 * The expiry a rotation asks for when the user gives none: the lifetime the old token had,
 * from today, capped at the instance maximum (GitLab would otherwise pick one week).
 */
export function defaultRotationExpiry(
  old: { createdAt?: string | null; expiresAt: string | null },
  opts: { today?: string; maxLifetimeDays?: number } = {},
): string {
  const today = opts.today ?? isoDay(new Date());
  const max = opts.maxLifetimeDays ?? DEFAULT_MAX_LIFETIME_DAYS;
  const lifetime = old.createdAt && old.expiresAt ? daysBetween(old.createdAt.slice(0, 10), old.expiresAt) : max;
  return addDays(today, Math.min(max, Math.max(1, lifetime)));
}

/**
 * Refuses dates GitLab would refuse, before any call is made. With `policy` (lifetime.ts) the
 * sentence names the instance's limit and where it comes from.
 */
export function checkExpiry(expiresAt: string, opts: { today?: string; maxLifetimeDays?: number; policy?: LifetimePolicy; host?: string } = {}): string {
  const today = opts.today ?? isoDay(new Date());
  const days = opts.policy?.maxDays ?? opts.maxLifetimeDays ?? DEFAULT_MAX_LIFETIME_DAYS;
  const max = addDays(today, days);
  if (!z.iso.date().safeParse(expiresAt).success)
    throw new GitLabError('invalid_request', `"${expiresAt.slice(0, 40)}" is not a date; write it as YYYY-MM-DD.`);
  if (expiresAt <= today) throw new GitLabError('invalid_request', `The expiry date ${expiresAt} is not in the future; pick a day after ${today}.`);
  if (opts.policy && !lifetimeCapped(opts.policy)) return expiresAt;
  if (expiresAt > max) {
    const limit = opts.policy ? describeLimit(opts.host ?? 'this instance', opts.policy) : `this instance's maximum lifetime`;
    throw new GitLabError('invalid_request', `The expiry date ${expiresAt} is beyond ${limit}; pick ${max} or earlier.`, { maxExpiresAt: max });
  }
  return expiresAt;
}

/**
 * Whether the instance caps a new token's lifetime: always when an administrator set the EE limit
 * (it applies whether or not expiry is required); GitLab's own 365/400 days only while expiry is
 * required (personal_access_token.rb expires_at_before_instance_max_expiry_date).
 */
export const lifetimeCapped = (policy: LifetimePolicy): boolean => policy.source === 'setting' || policy.expiryRequired !== false;

/**
 * Rotates the token: itself (no tokenId, the token is `secret`), or by id with a stronger
 * token. Always sends an explicit expires_at. The old token is revoked by GitLab at once.
 */
export async function rotateToken(
  client: GitLabClient,
  secret: string,
  input: TokenOwner & { tokenId?: number | null; expiresAt: string | null; knownExpiresAt?: string | null },
): Promise<GitLabTokenWithSecret> {
  const base = targetBase(input);
  const self = input.tokenId === undefined || input.tokenId === null;
  // The version first: an old GitLab answers a rotate it lacks with 401 or 404, and a rotation
  // is not a request to send on a guess. A revoked token stops here too, before it can reach a
  // rotate endpoint, where GitLab would take it for reuse and revoke its whole family.
  await learnVersion(client, secret);
  const rotate = () =>
    client.request(secret, {
      method: 'POST',
      path: `${base}/${self ? 'self' : input.tokenId}/rotate`,
      // null: no expiry, where the instance does not require one (rotate_service.rb then gives none).
      body: input.expiresAt === null ? {} : { expires_at: input.expiresAt },
      schema: tokenWithSecretSchema,
      what: 'rotating the token',
      since: self ? (input.kind === 'personal' ? SINCE.selfRotate : SINCE.resourceSelfRotate) : SINCE.rotateById,
      expiresAt: input.knownExpiresAt,
      notAllowedMeans:
        input.kind === 'personal'
          ? 'only a personal access token can rotate itself, and this is not one (an OAuth token?)'
          : `this is not a ${input.kind} access token (a bot's token): only those rotate themselves; rotate it by id with a personal token of a ${input.kind === 'project' ? 'Maintainer' : 'Owner'} instead`,
    });
  const sentence = self
    ? `${client.host} will not let this token rotate itself as an access token of ${input.kind} ${input.target ?? ''}: it belongs to another ${input.kind}.`
    : notPermittedSentence(client.host, input, 'rotate', input.tokenId);
  const answer = input.kind === 'personal' && self ? await rotate() : await explain401(client, secret, rotate, sentence);
  return answer.data;
}

/** Revokes the token itself, or another one by id. */
export async function revokeToken(
  client: GitLabClient,
  secret: string,
  input: TokenOwner & { tokenId?: number | null; knownExpiresAt?: string | null },
): Promise<void> {
  const self = input.tokenId === undefined || input.tokenId === null;
  const path = self ? '/personal_access_tokens/self' : `${targetBase(input)}/${input.tokenId}`;
  // self_revocation.rb: any token may revoke itself, whatever its scopes (15.4+).
  await client.request(secret, { method: 'DELETE', path, what: 'revoking the token', since: self ? SINCE.selfRevoke : undefined, expiresAt: input.knownExpiresAt });
}

export interface NewTokenInput {
  name: string;
  scopes: string[];
  expiresAt: string;
  description?: string;
}

/** A project or group access token, made with a person's token that may (Maintainer/Owner). */
export async function createAccessToken(
  client: GitLabClient,
  secret: string,
  input: NewTokenInput & { kind: 'project' | 'group'; target: string; accessLevel?: number },
): Promise<GitLabTokenWithSecret> {
  try {
    const answer = await client.request(secret, {
      method: 'POST',
      path: targetBase(input),
      body: {
        name: input.name,
        scopes: input.scopes,
        expires_at: input.expiresAt,
        access_level: input.accessLevel ?? 40,
        ...(input.description ? { description: input.description } : {}),
      },
      schema: tokenWithSecretSchema,
      what: `creating a ${input.kind} access token`,
    });
    return answer.data;
  } catch (err) {
    if (isGitLabError(err) && err.code === 'not_permitted' && client.isGitLabCom) throw await withPlanAdvice(client, secret, input, err);
    throw err;
  }
}

const namespaceSchema = z.looseObject({ namespace: z.looseObject({ kind: z.string() }) });

/**
 * GitLab.com's plan rule for project/group tokens, as its policies say: a project in a personal
 * namespace may always have them (project_policy.rb `resource_access_token_creation_allowed?`:
 * "always enable for projects in personal namespaces"); a project in a group needs the licensed
 * feature, a paid plan (ee/app/policies/ee/project_policy.rb `licensed_feature_available?`); a
 * group needs a paid, non-trial plan (ee/app/policies/ee/group_policy.rb `feature_available_non_trial?`).
 */
async function withPlanAdvice(client: GitLabClient, secret: string, input: { kind: 'project' | 'group'; target: string }, err: GitLabError): Promise<GitLabError> {
  const base = err.message.replace(/\.$/, '');
  if (input.kind === 'group')
    return new GitLabError(err.code, `${base}, and on GitLab.com a paid plan (Premium or Ultimate, not a trial) for the top-level group.`, err.details);
  const kind = await client
    .request(secret, { path: `/projects/${encodeURIComponent(input.target)}`, schema: namespaceSchema, what: 'reading the project' })
    .then((a) => a.data.namespace.kind, () => null);
  if (kind === 'user') return new GitLabError(err.code, `${base}; a project in a personal namespace needs no paid plan on GitLab.com.`, err.details);
  const plan = 'a paid plan (Premium or Ultimate) for the top-level group';
  return new GitLabError(err.code, `${base}, and on GitLab.com ${kind === 'group' ? plan : `— if the project belongs to a group — ${plan}`}.`, err.details);
}

/** A personal access token for another user: administrators of self-managed instances only. */
export async function createUserToken(
  client: GitLabClient,
  adminSecret: string,
  input: NewTokenInput & { userId: number },
): Promise<GitLabTokenWithSecret> {
  const what = "creating a user's personal access token";
  const create = () =>
    client.request(adminSecret, {
      method: 'POST',
      path: `/users/${input.userId}/personal_access_tokens`,
      body: { name: input.name, scopes: input.scopes, expires_at: input.expiresAt, ...(input.description ? { description: input.description } : {}) },
      schema: tokenWithSecretSchema,
      what,
    });
  const answer = await explainAdmin403(client, adminSecret, create, what);
  return answer.data;
}

/**
 * All personal access tokens of one user. Naming another user (`userId`) is for administrators;
 * GitLab answers anyone else — and an administrator whose token lacks admin_mode while Admin
 * Mode is on — with a plain 401 (`restrict_non_admins!`), which is explained, not "unknown token".
 */
export function listPersonalTokens(client: GitLabClient, secret: string, opts: { userId?: number; state?: 'active' | 'inactive' } = {}): Promise<GitLabToken[]> {
  const list = () =>
    client.paginate(secret, {
      path: '/personal_access_tokens',
      query: { user_id: opts.userId, state: opts.state },
      schema: z.array(tokenSchema),
      what: 'listing access tokens',
    });
  return opts.userId === undefined ? list() : explain401(client, secret, list, otherUsersTokensSentence(client.host, opts.userId));
}

/** One token's facts: the token itself (no id) or another by id with a token that may see it. */
export async function getToken(
  client: GitLabClient,
  secret: string,
  input: TokenOwner & { tokenId?: number | null; knownExpiresAt?: string | null },
): Promise<GitLabToken> {
  const self = input.tokenId === undefined || input.tokenId === null;
  const read = () =>
    client.request(secret, {
      path: self ? '/personal_access_tokens/self' : `${targetBase(input)}/${input.tokenId}`,
      schema: tokenSchema,
      what: 'reading the token',
      since: self ? SINCE.selfInfo : undefined,
      expiresAt: input.knownExpiresAt,
    });
  const answer = self ? await read() : await explain401(client, secret, read, notPermittedSentence(client.host, input, 'read', input.tokenId));
  return answer.data;
}

/** A project's or group's access tokens (all of them since 17.2; only active ones before). */
export function listAccessTokens(client: GitLabClient, secret: string, owner: TokenOwner & { kind: 'project' | 'group' }, opts: { state?: 'active' | 'inactive' } = {}): Promise<GitLabToken[]> {
  const list = () =>
    client.paginate(secret, { path: targetBase(owner), query: { state: opts.state }, schema: z.array(tokenSchema), what: `listing the ${owner.kind}'s access tokens` });
  return explain401(client, secret, list, notPermittedSentence(client.host, owner, 'list', null));
}

/** A user's id from a username or an id given as text (admins creating tokens for others). */
export async function findUserId(client: GitLabClient, secret: string, user: string): Promise<number> {
  if (/^\d+$/.test(user)) return Number(user);
  const answer = await client.request(secret, {
    path: '/users',
    query: { username: user },
    schema: z.array(userSchema),
    what: 'looking up the user',
  });
  const found = answer.data[0];
  if (!found) throw new GitLabError('not_found', `${client.host} has no user called ${user.slice(0, 100)}.`);
  return found.id;
}
