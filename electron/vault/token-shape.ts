// What a secret's shape says it is, before any GitLab is asked. GitLab's prefixes tell the kind
// (shared/gitlab-api.md), but an administrator may set the personal-access-token prefix
// (`personal_access_token_prefix`: up to 20 of [a-zA-Z0-9_+=/@:.-]), so a token without a known
// prefix is still GitLab's when it has the routable shape newer GitLab issues:
// <prefix><base64url payload>.<2 base36 characters><7 base36 characters> — one dot before the tail
// (lib/authn/token_field/generator/routable_token.rb). Never judged by length.

export interface TokenShape {
  /** The known prefix ("glpat-"), or null (a custom prefix, or none). */
  prefix: string | null;
  /** In words: "personal, project or group access token". */
  label: string;
  /** Entry kinds this can be. */
  kinds: readonly string[];
  /** A routable token with a prefix GitLab does not ship: the instance's own. */
  customPrefix: boolean;
}

export const KNOWN_PREFIXES: ReadonlyArray<{ prefix: string; label: string; kinds: readonly string[] }> = [
  { prefix: 'glpat-', label: 'personal, project or group access token', kinds: ['personal', 'project', 'group'] },
  { prefix: 'gldt-', label: 'deploy token', kinds: ['deploy'] },
  { prefix: 'glrt-', label: 'runner token', kinds: ['other'] },
  { prefix: 'glptt-', label: 'pipeline trigger token', kinds: ['other'] },
  { prefix: 'glft-', label: 'feed token', kinds: ['other'] },
  { prefix: 'glcbt-', label: 'CI/CD job token', kinds: ['other'] },
  { prefix: 'glffct-', label: 'feature flags client token', kinds: ['other'] },
  { prefix: 'gloas-', label: 'OAuth application secret', kinds: ['other'] },
  { prefix: 'glagent-', label: 'agent token', kinds: ['other'] },
  { prefix: 'glimt-', label: 'incoming mail token', kinds: ['other'] },
  { prefix: 'glsoat-', label: 'SCIM token', kinds: ['other'] },
  { prefix: 'glwt-', label: 'workspace token', kinds: ['other'] },
];

/** The routable tail: a base64url payload, one dot, 2 + 7 base36 characters; before it at most 20 prefix characters. */
const ROUTABLE = /^[a-zA-Z0-9_+=/@:.-]{0,20}[A-Za-z0-9_-]{20,}\.[0-9a-z]{2}[0-9a-z]{7}$/;

export const isRoutableToken = (secret: string): boolean => ROUTABLE.test(secret);

/** The kind a secret's shape tells, or null when nothing marks it as GitLab's. */
export function tokenShape(secret: string): TokenShape | null {
  const known = KNOWN_PREFIXES.find((p) => secret.startsWith(p.prefix));
  if (known) return { ...known, customPrefix: false };
  // Only the personal-access-token prefix is the administrator's to change.
  if (isRoutableToken(secret)) return { prefix: null, label: 'personal, project or group access token (this instance sets its own prefix)', kinds: ['personal', 'project', 'group'], customPrefix: true };
  return null;
}
