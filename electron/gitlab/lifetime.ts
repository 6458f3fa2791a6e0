// How long a new token may live on an instance. GitLab refuses an expiry beyond its maximum
// lifetime ("expires_at must be before D", app/models/personal_access_token.rb), so Token Vault
// learns the limit first and says so before anything is sent:
// - GitLab.com: 365 days, and expiry is always required.
// - An administrator's token reads `max_personal_access_token_lifetime` from GET
//   /application/settings (lib/api/settings.rb, admins only; the field is an Ultimate setting,
//   absent on CE). Blank means GitLab's default: 365 days, or 400 when the administrator turned
//   on the `buffered_token_expiration_limit` feature flag (17.6+, GET /features, admins only).
// - Any other token cannot read the setting: 365 days is assumed, and the sentence says so.
import { z } from 'zod';
import type { GitLabClient } from './client';
import { isGitLabError } from './errors';
import { learnVersion, versionAtLeast } from './version';

export const DEFAULT_MAX_LIFETIME_DAYS = 365;
export const BUFFERED_MAX_LIFETIME_DAYS = 400;
/** The buffered (400-day) limit arrived behind a feature flag in GitLab 17.6. */
const BUFFERED_SINCE = '17.6';

export type LifetimeSource = 'setting' | 'default' | 'buffered' | 'gitlab.com' | 'assumed' | 'given';

export interface LifetimePolicy {
  maxDays: number;
  source: LifetimeSource;
  /** Whether new tokens must expire (false only when an administrator relaxed it, 17.3+); null: unknown. */
  expiryRequired: boolean | null;
}

const settingsSchema = z.looseObject({
  max_personal_access_token_lifetime: z.number().int().positive().nullish(),
  require_personal_access_token_expiry: z.boolean().optional(),
});
const featuresSchema = z.array(z.looseObject({ name: z.string(), state: z.string() }));

const WHY: Record<LifetimeSource, string> = {
  setting: 'set by its administrator',
  default: "GitLab's default limit",
  buffered: "GitLab's 400-day limit, turned on by its administrator",
  'gitlab.com': "GitLab.com's limit",
  assumed: "GitLab's default; only an administrator's token can read the instance's own setting, which may be lower",
  given: 'as configured',
};

/** "host's maximum token lifetime of 365 days (GitLab's default limit)" — for sentences. */
export function describeLimit(host: string, policy: LifetimePolicy): string {
  return `${host}'s maximum token lifetime of ${policy.maxDays} days (${WHY[policy.source]})`;
}

/** "host allows tokens to live at most 90 days (set by its administrator)." — for the app's expiry picker. */
export function limitSentence(host: string, policy: LifetimePolicy): string {
  return `${host} allows tokens to live at most ${policy.maxDays} days (${WHY[policy.source]}).`;
}

const cache = new WeakMap<GitLabClient, LifetimePolicy>();

/** The instance's limit as far as this token can tell; remembered per client once read for sure. */
export async function learnLifetimePolicy(client: GitLabClient, secret: string): Promise<LifetimePolicy> {
  const known = cache.get(client);
  if (known) return known;
  if (client.isGitLabCom) return remember(client, { maxDays: DEFAULT_MAX_LIFETIME_DAYS, source: 'gitlab.com', expiryRequired: true });
  let settings: z.infer<typeof settingsSchema>;
  try {
    settings = (await client.request(secret, { path: '/application/settings', schema: settingsSchema, what: "reading the instance's token lifetime setting" })).data;
  } catch (err) {
    // Not an administrator (403), no scope, an old or odd instance: fall back to the default, said so.
    if (isGitLabError(err) && ['forbidden', 'insufficient_scope', 'not_permitted', 'unrecognised', 'not_found', 'too_new', 'unexpected_response', 'html_instead_of_json'].includes(err.code))
      return { maxDays: DEFAULT_MAX_LIFETIME_DAYS, source: 'assumed', expiryRequired: null };
    throw err;
  }
  const expiryRequired = settings.require_personal_access_token_expiry ?? true;
  const set = settings.max_personal_access_token_lifetime;
  if (set) return remember(client, { maxDays: set, source: 'setting', expiryRequired });
  if (!client.version) await learnVersion(client, secret);
  const buffered = client.version !== null && versionAtLeast(client.version, BUFFERED_SINCE) && (await bufferedLimitOn(client, secret));
  return remember(client, buffered ? { maxDays: BUFFERED_MAX_LIFETIME_DAYS, source: 'buffered', expiryRequired } : { maxDays: DEFAULT_MAX_LIFETIME_DAYS, source: 'default', expiryRequired });
}

/** GET /features (lib/api/features.rb, admins only) lists the flags an administrator has set. */
async function bufferedLimitOn(client: GitLabClient, secret: string): Promise<boolean> {
  try {
    const features = (await client.request(secret, { path: '/features', schema: featuresSchema, what: "reading the instance's feature flags" })).data;
    return features.some((f) => f.name === 'buffered_token_expiration_limit' && f.state === 'on');
  } catch (err) {
    if (isGitLabError(err) && err.details.status !== undefined && err.details.status < 500) return false;
    throw err;
  }
}

function remember(client: GitLabClient, policy: LifetimePolicy): LifetimePolicy {
  cache.set(client, policy);
  return policy;
}
