// The emulator's world: users, projects, groups and their access tokens, held in memory.
// Rules follow ../../shared/gitlab-api.md (expiry at 00:00 UTC, maximum lifetime, rotation
// families, routable tokens with dots). Routes read and change this; tests seed it.
import { randomBytes } from 'node:crypto';
import { CredentialWorld } from './credentials';
import type { EmVariable } from './variable-routes';

export type TokenKind = 'personal' | 'project' | 'group';

export interface EmUser {
  id: number;
  username: string;
  name: string;
  admin: boolean;
  bot: boolean;
  /** Why GitLab refuses this user every API call (user_access_denied_reason.rb), if it does. */
  denied?: 'terms_not_accepted' | 'blocked' | 'deactivated' | 'password_expired';
}

export interface EmToken {
  id: number;
  kind: TokenKind;
  userId: number;
  /** Project or group id for project/group tokens. */
  targetId: number | null;
  name: string;
  description: string;
  scopes: string[];
  accessLevel: number | null;
  createdAt: string;
  lastUsedAt: string | null;
  /** Addresses the token was last used from, newest first (GitLab keeps five). */
  lastUsedIps: string[];
  expiresAt: string | null;
  revoked: boolean;
  secret: string;
  /** Tokens made by rotating one another share a family; reuse revokes all of it. */
  familyId: number;
  rotatedIntoId: number | null;
  /** An impersonation token an administrator made for this user (users.rb `impersonation_tokens`). */
  impersonation: boolean;
  /** A fine-grained token: legacy scopes ["granular"], named permissions instead (create_granular_service.rb). */
  granular: boolean;
  /** A fine-grained token's permissions, in the words GitLab's refusals use ("User: Read"). */
  permissions: string[];
  /** An OAuth access token (no glpat- prefix): the API accepts it, /personal_access_tokens/self does not. */
  oauth: boolean;
}

export interface EmTarget {
  id: number;
  path: string;
  /** user id → access level (10…50). */
  members: Map<number, number>;
}

export interface EmulatorSettings {
  /** Reported by /version; endpoints newer than this answer 404 as an old GitLab would. */
  version: string;
  /**
   * The admin setting `max_personal_access_token_lifetime` (days; an Ultimate self-managed
   * setting): null is blank, i.e. GitLab's default of 365 days, or 400 with `bufferedLimit`.
   */
  maxLifetimeDays: number | null;
  /** Feature flag `buffered_token_expiration_limit` (17.6+): the default limit becomes 400 days. */
  bufferedLimit: boolean;
  /** 'ce' answers /application/settings without the Ultimate-only lifetime field. */
  edition: 'ee' | 'ce';
  /** GitLab.com's rules: project/group tokens only for namespaces on a paid plan (`paidNamespaces`). */
  gitlabCom: boolean;
  requireExpiry: boolean;
  /** Authenticated requests allowed per user per window (gitlab.com: 2,000 a minute). */
  rateLimitRequests: number;
  /** The window's length; shorter than a minute lets a benchmark show pacing quickly. */
  rateLimitWindowSeconds: number;
  /** Newer GitLab issues long tokens with dots; older ones 20 characters. */
  routableTokens: boolean;
  tokenPrefix: string;
  /** Admin Mode (api_guard.rb): an administrator's token acts as one only with the admin_mode scope. */
  adminMode: boolean;
  /** Feature flag `granular_personal_access_tokens`: entities say `granular`, fine-grained tokens work. */
  granularTokens: boolean;
  /** Admin setting "Require fine-grained personal access tokens" (granular_tokens_enforced?): legacy PATs of people no longer rotate. */
  granularTokensEnforced: boolean;
  /**
   * The administrator's runner token lifetimes in seconds, per runner type (null = blank, never expires):
   * `runner_token_expiration_interval`, `group_runner_token_expiration_interval`,
   * `project_runner_token_expiration_interval` (app/models/ci/runner.rb `compute_token_expiration_*`).
   */
  runnerTokenExpiration: { instance: number | null; group: number | null; project: number | null };
}

export const DEFAULT_SETTINGS: EmulatorSettings = {
  version: '18.6.0',
  maxLifetimeDays: null,
  bufferedLimit: false,
  edition: 'ee',
  gitlabCom: false,
  requireExpiry: true,
  rateLimitRequests: 2000,
  rateLimitWindowSeconds: 60,
  routableTokens: true,
  tokenPrefix: 'glpat-',
  adminMode: false,
  granularTokens: false,
  granularTokensEnforced: false,
  runnerTokenExpiration: { instance: null, group: null, project: null },
};

export const PAT_SCOPES = [
  'api', 'read_api', 'read_user', 'read_repository', 'write_repository', 'read_registry', 'write_registry',
  'read_virtual_registry', 'write_virtual_registry', 'create_runner', 'manage_runner', 'k8s_proxy', 'ai_features',
  'self_rotate', 'sudo', 'admin_mode', 'read_service_ping',
];
export const ADMIN_ONLY_SCOPES = ['sudo', 'admin_mode', 'read_service_ping'];
export const NOT_FOR_BOTS = ['read_user', 'sudo', 'admin_mode'];

const DAY_MS = 86_400_000;
export const isoDay = (d: Date): string => d.toISOString().slice(0, 10);
export const addDays = (day: string, n: number): string => isoDay(new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS));

export class EmulatorState {
  users = new Map<number, EmUser>();
  tokens = new Map<number, EmToken>();
  projects = new Map<number, EmTarget>();
  groups = new Map<number, EmTarget>();
  /** CI/CD variables by "project:<id>:<KEY>" / "group:<id>:<KEY>". */
  variables = new Map<string, EmVariable>();
  settings: EmulatorSettings;
  /** Deploy, trigger, runner, agent tokens, OAuth applications and webhooks (credentials.ts). */
  creds = new CredentialWorld();
  /** Service account user id → the group that provisioned it. */
  serviceAccounts = new Map<number, number>();
  /** Top-level namespaces on a paid, non-trial plan (what GitLab.com checks for project/group tokens). */
  paidNamespaces = new Set<string>();
  /** Top-level groups on a trial: project tokens yes (licensed feature), group tokens no (non-trial). */
  trialNamespaces = new Set<string>();
  /** Tests move the clock to cross 00:00 UTC boundaries. */
  now: () => Date = () => new Date();
  private nextId = 1;
  private secrets = new Map<string, number>();

  constructor(settings: Partial<EmulatorSettings> = {}) {
    this.settings = { ...DEFAULT_SETTINGS, ...settings };
  }

  id(): number {
    return this.nextId++;
  }

  today(): string {
    return isoDay(this.now());
  }

  addUser(username: string, opts: { admin?: boolean; bot?: boolean; name?: string } = {}): EmUser {
    const existing = [...this.users.values()].find((u) => u.username === username);
    if (existing) return existing;
    const user: EmUser = { id: this.id(), username, name: opts.name ?? username, admin: !!opts.admin, bot: !!opts.bot };
    this.users.set(user.id, user);
    return user;
  }

  addTarget(kind: 'project' | 'group', path: string, members: Record<string, number> = {}): EmTarget {
    const map = kind === 'project' ? this.projects : this.groups;
    const existing = [...map.values()].find((t) => t.path === path);
    const target = existing ?? { id: this.id(), path, members: new Map<number, number>() };
    for (const [username, level] of Object.entries(members)) target.members.set(this.addUser(username).id, level);
    map.set(target.id, target);
    return target;
  }

  /** A top-level path that is a user's namespace, not a group's. */
  isPersonalNamespace(top: string): boolean {
    return ![...this.groups.values()].some((g) => g.path === top) && [...this.users.values()].some((u) => u.username === top);
  }

  findTarget(kind: 'project' | 'group', ref: string): EmTarget | undefined {
    const map = kind === 'project' ? this.projects : this.groups;
    const decoded = decodeURIComponent(ref);
    return /^\d+$/.test(decoded) ? map.get(Number(decoded)) : [...map.values()].find((t) => t.path === decoded);
  }

  newSecret(): string {
    const body = randomBytes(20).toString('base64url').slice(0, 20);
    if (!this.settings.routableTokens) return `${this.settings.tokenPrefix}${body}`;
    // lib/authn/token_field/generator/routable_token.rb: <prefix><base64url payload>.<2 base36><7 base36> — one dot.
    const base36 = (n: number) => [...randomBytes(n)].map((b) => (b % 36).toString(36)).join('');
    return `${this.settings.tokenPrefix}${randomBytes(27).toString('base64url')}.${base36(2)}${base36(7)}`;
  }

  issue(input: {
    kind: TokenKind;
    userId: number;
    targetId?: number | null;
    name: string;
    scopes: string[];
    expiresAt: string | null;
    description?: string;
    accessLevel?: number | null;
    familyId?: number;
    createdAt?: string;
    lastUsedAt?: string | null;
    revoked?: boolean;
    impersonation?: boolean;
    granular?: boolean;
    permissions?: string[];
    oauth?: boolean;
  }): EmToken {
    const id = this.id();
    const token: EmToken = {
      id,
      kind: input.kind,
      userId: input.userId,
      targetId: input.targetId ?? null,
      name: input.name,
      description: input.description ?? '',
      scopes: [...input.scopes],
      accessLevel: input.kind === 'personal' ? null : (input.accessLevel ?? 40),
      createdAt: input.createdAt ?? this.now().toISOString(),
      lastUsedAt: input.lastUsedAt ?? null,
      lastUsedIps: [],
      expiresAt: input.expiresAt,
      revoked: !!input.revoked,
      secret: input.oauth ? randomBytes(32).toString('hex') : this.newSecret(),
      familyId: input.familyId ?? id,
      rotatedIntoId: null,
      impersonation: !!input.impersonation,
      granular: !!input.granular,
      permissions: [...(input.permissions ?? [])],
      oauth: !!input.oauth,
    };
    this.tokens.set(id, token);
    this.secrets.set(token.secret, id);
    return token;
  }

  /** A project/group token belongs to a bot user that is a member of its target. */
  botFor(kind: 'project' | 'group', target: EmTarget, level: number): EmUser {
    const bot = this.addUser(`${kind}_${target.id}_bot_${randomBytes(4).toString('hex')}`, { bot: true, name: `${target.path} bot` });
    target.members.set(bot.id, level);
    return bot;
  }

  bySecret(secret: string): EmToken | undefined {
    const id = this.secrets.get(secret);
    return id === undefined ? undefined : this.tokens.get(id);
  }

  /**
   * Whether a request made with this token acts as an administrator. api_guard.rb
   * `bypass_session_for_admin_mode?`: with Admin Mode on, only a token with the admin_mode scope
   * does; the user is then an ordinary user to every admin check.
   */
  actsAsAdmin(t: EmToken): boolean {
    const user = this.users.get(t.userId);
    return !!user?.admin && (!this.settings.adminMode || t.scopes.includes('admin_mode'));
  }

  isExpired(t: EmToken): boolean {
    return t.expiresAt !== null && t.expiresAt <= this.today();
  }

  isActive(t: EmToken): boolean {
    return !t.revoked && !this.isExpired(t);
  }

  revokeFamily(familyId: number): void {
    for (const t of this.tokens.values()) if (t.familyId === familyId) t.revoked = true;
  }

  /**
   * The maximum lifetime in days (personal_access_token.rb `max_expiration_lifetime_in_days`, EE:
   * the admin setting when set): 365, or 400 with the buffered-limit flag from 17.6.
   */
  maxLifetime(): number {
    const buffered = this.settings.bufferedLimit && versionAtLeast(this.settings.version, '17.6');
    return this.settings.maxLifetimeDays ?? (buffered ? 400 : 365);
  }

  /** Returns an error text for an expiry date that GitLab would refuse, or null. */
  expiryProblem(expiresAt: string | null): string | null {
    if (expiresAt === null) return null;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(expiresAt) || Number.isNaN(Date.parse(`${expiresAt}T00:00:00Z`))) return 'is invalid';
    if (expiresAt <= this.today()) return 'must be in the future';
    const max = this.latestExpiry();
    if (max !== null && expiresAt > max) return `must be before ${max}`;
    return null;
  }

  /**
   * The last allowed expiry day, or null for none (the limit day itself is allowed). The EE
   * administrator's setting applies whether or not expiry is required (ee/app/models/ee/personal_access_token.rb
   * `expires_at_before_max_lifetime`); GitLab's own default (365/400) only while it is required
   * (personal_access_token.rb `expires_at_before_instance_max_expiry_date`).
   */
  latestExpiry(): string | null {
    if (this.settings.maxLifetimeDays !== null && this.settings.edition === 'ee') return addDays(this.today(), this.settings.maxLifetimeDays);
    return this.settings.requireExpiry ? addDays(this.today(), this.maxLifetime()) : null;
  }

  /**
   * An administrator lowers (or sets) the EE maximum lifetime: GitLab's lifetime policy then
   * revokes every active token without an expiry or expiring after the new limit
   * (ee/app/models/ee/personal_access_token.rb `with_invalid_expires_at`).
   */
  lowerMaxLifetime(days: number): number[] {
    this.settings.maxLifetimeDays = days;
    const max = addDays(this.today(), days);
    const revoked: number[] = [];
    for (const t of this.tokens.values())
      if (this.isActive(t) && (t.expiresAt === null || t.expiresAt > max)) {
        t.revoked = true;
        revoked.push(t.id);
      }
    return revoked;
  }

  /** Omitted expiry on create means the maximum lifetime when expiry is enforced. */
  defaultCreateExpiry(): string | null {
    return this.settings.requireExpiry ? addDays(this.today(), this.maxLifetime()) : null;
  }

  /** Rotation without expires_at gives one week when expiry is enforced (rotate_service.rb EXPIRATION_PERIOD), none otherwise. */
  defaultRotateExpiry(): string | null {
    return this.settings.requireExpiry ? addDays(this.today(), 7) : null;
  }

  rotate(old: EmToken, expiresAt: string | null): EmToken {
    old.revoked = true;
    const fresh = this.issue({
      kind: old.kind,
      userId: old.userId,
      targetId: old.targetId,
      name: old.name,
      // rotate_service.rb copies the description since 17.7; before, the new token had none.
      description: versionAtLeast(this.settings.version, '17.7') ? old.description : '',
      scopes: old.scopes,
      accessLevel: old.accessLevel,
      expiresAt,
      familyId: old.familyId,
      // rotate_service.rb create_token_params: granular and its granular scopes carry over.
      granular: old.granular,
      permissions: old.permissions,
    });
    old.rotatedIntoId = fresh.id;
    return fresh;
  }

  /**
   * A token as GitLab's API entities show it: PersonalAccessToken (+ `last_used_ips` for
   * PersonalAccessTokenWithLastUsedIps: /self and GET by id; + `access_level`, `resource_type`,
   * `resource_id` for ResourceAccessToken: the project/group routes). /self never has
   * `access_level`, even for a bot's token. `description` exists since 17.7.
   */
  view(t: EmToken, opts: { secret?: boolean; ips?: boolean; resource?: boolean } = {}): Record<string, unknown> {
    const target = t.targetId === null ? undefined : (t.kind === 'project' ? this.projects : this.groups).get(t.targetId);
    return {
      id: t.id,
      name: t.name,
      ...(versionAtLeast(this.settings.version, '17.7') ? { description: t.description } : {}),
      revoked: t.revoked,
      created_at: t.createdAt,
      scopes: t.scopes,
      user_id: t.userId,
      last_used_at: t.lastUsedAt,
      active: this.isActive(t),
      expires_at: t.expiresAt,
      expired: this.isExpired(t),
      // entities/personal_access_token.rb: `granular` where fine-grained tokens exist.
      ...(this.settings.granularTokens ? { granular: t.granular } : {}),
      ...(opts.ips || opts.resource ? { last_used_ips: t.lastUsedIps } : {}),
      ...(opts.resource && t.kind !== 'personal'
        ? { access_level: target?.members.get(t.userId) ?? t.accessLevel, resource_type: t.kind, resource_id: t.targetId }
        : {}),
      ...(opts.secret ? { token: t.secret } : {}),
    };
  }

  /** last_used_service.rb: last_used_at is written at most once every 10 minutes. */
  noteUse(t: EmToken, ip: string): void {
    const now = this.now();
    if (!t.lastUsedAt || now.getTime() - Date.parse(t.lastUsedAt) >= 10 * 60_000) t.lastUsedAt = now.toISOString();
    t.lastUsedIps = [ip, ...t.lastUsedIps.filter((x) => x !== ip)].slice(0, 5);
  }
}

/** user_access_denied_reason.rb's first sentence for each reason (the API adds "403 Forbidden - "). */
export function deniedReason(user: EmUser): string {
  switch (user.denied) {
    case 'terms_not_accepted':
      return `You (@${user.username}) must accept the Terms of Service in order to perform this action. To accept these terms, please access GitLab from a web browser at https://gitlab.example.`;
    case 'deactivated':
      return 'Your account has been deactivated by your administrator. Please log back in from a web browser to reactivate your account at https://gitlab.example';
    case 'password_expired':
      return 'Your password expired. Please access GitLab from a web browser to update your password.';
    default:
      return 'Your account has been blocked.';
  }
}

export function versionAtLeast(have: string, need: string): boolean {
  const a = have.split('.').map(Number);
  const b = need.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x > y;
  }
  return true;
}
