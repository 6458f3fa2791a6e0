// What a secret's shape says it is, before any GitLab is asked. GitLab's prefixes tell the kind
// (shared/gitlab-api.md), but an administrator may set the personal-access-token prefix
// (`personal_access_token_prefix`: up to 20 of [a-zA-Z0-9_+=/@:.-]), so a token without a known
// prefix is still GitLab's when it has the routable shape newer GitLab issues:
// <prefix><base64url payload>.<2 base36 characters><7 base36 characters> — one dot before the tail
// (lib/authn/token_field/generator/routable_token.rb). Never judged by length.
import { KIND_WORDS } from './token-kinds';

export interface TokenShape {
  /** The known prefix ("glpat-"), or null (a custom prefix, or none). */
  prefix: string | null;
  /** In words: "personal, project or group access token". */
  label: string;
  /** Entry kinds this can be. */
  kinds: readonly string[];
  /** A routable token with a prefix GitLab does not ship: the instance's own. */
  customPrefix: boolean;
  /** What this kind is and why it is handled as it is (feed, incoming email, job tokens). */
  explain?: string;
}

export const KNOWN_PREFIXES: ReadonlyArray<{ prefix: string; label: string; kinds: readonly string[]; explain?: string }> = [
  { prefix: 'glpat-', label: 'personal, project or group access token', kinds: ['personal', 'project', 'group', 'service-account'] },
  { prefix: 'gldt-', label: 'deploy token', kinds: ['deploy'] },
  { prefix: 'glrt-', label: 'runner authentication token', kinds: ['runner'] },
  // A runner registered with a registration token (Ci::Runners::Registrable REGISTRATION_RUNNER_TOKEN_PREFIX).
  { prefix: 'glrtr-', label: 'runner authentication token', kinds: ['runner'] },
  // The legacy registration token (RunnersTokenPrefixable RUNNERS_TOKEN_PREFIX, the one upper-case prefix GitLab ships).
  { prefix: 'GR1348941', label: 'runner registration token', kinds: ['other'], explain: "A runner registration token registers new runners the legacy way; it is not a runner's authentication token (glrt-), which the runner receives when it registers." },
  { prefix: 'glptt-', label: 'pipeline trigger token', kinds: ['trigger'] },
  { prefix: 'glft-', label: 'feed token', kinds: ['feed'], explain: "A feed token reads your RSS and calendar feeds; GitLab resets it on your Access tokens page, not through the API." },
  { prefix: 'glcbt-', label: 'CI/CD job token', kinds: [], explain: 'A CI/CD job token lives only while its job runs (CI_JOB_TOKEN); there is nothing worth storing, so the vault does not keep it.' },
  { prefix: 'glffct-', label: 'feature flags client token', kinds: ['other'] },
  { prefix: 'gloas-', label: 'OAuth application secret', kinds: ['oauth-app'] },
  { prefix: 'glagent-', label: 'cluster agent token', kinds: ['agent'] },
  { prefix: 'glimt-', label: 'incoming email token', kinds: ['incoming-email'], explain: "An incoming email token is part of your personal address for creating issues by email; GitLab resets it on the project's issue page, not through the API." },
  { prefix: 'glsoat-', label: 'SCIM token', kinds: ['other'] },
  { prefix: 'glwt-', label: 'workspace token', kinds: ['other'] },
];

/** Whether the secret starts with one of the prefixes GitLab ships (not a custom one). */
export const hasGitLabPrefix = (secret: string): boolean => KNOWN_PREFIXES.some((p) => secret.startsWith(p.prefix));

/**
 * A known prefix written in other letter case ("GLDT-", "Glpat-"). GitLab's prefixes are lower-case
 * constants (DeployToken::DEPLOY_TOKEN_PREFIX 'gldt-', Ci::Runner CREATED_RUNNER_TOKEN_PREFIX 'glrt-'…)
 * and a token is looked up by its exact text, so such a copy is no token GitLab issued as that kind:
 * its case was changed on the way (a shell's upper-casing, a form's auto-capitalisation).
 */
export function caseChangedPrefix(secret: string): { written: string; prefix: string; label: string } | null {
  if (KNOWN_PREFIXES.some((p) => secret.startsWith(p.prefix))) return null;
  const lower = secret.toLowerCase();
  const known = KNOWN_PREFIXES.find((p) => p.prefix === p.prefix.toLowerCase() && lower.startsWith(p.prefix));
  return known ? { written: secret.slice(0, known.prefix.length), prefix: known.prefix, label: known.label } : null;
}

/** The kind a pasted secret's prefix names, when it is not the kind being stored: null when it fits (or 'other' is asked, which is vague, not wrong). */
export function kindMismatch(secret: string, kind: string): string | null {
  const changed = kind === 'other' ? null : caseChangedPrefix(secret.trim());
  if (changed)
    return `This starts with "${changed.written}", which GitLab never issues: a ${changed.label} starts with lower-case ${changed.prefix}, and GitLab compares tokens letter for letter, so this copy had its case changed and will be refused. Copy the token again from where GitLab showed it.`;
  const shape = tokenShape(secret.trim());
  if (!shape?.prefix) return null;
  if (!shape.kinds.length) return `This is a ${shape.label} (${shape.prefix}). ${shape.explain ?? ''}`.trim();
  if (kind === 'other' || shape.kinds.includes(kind)) return null;
  return `This is a ${shape.label} (${shape.prefix}), not a ${kindWords(kind)}; store it as kind ${shape.kinds.join(' or ')}.`;
}

const kindWords = (kind: string): string => (KIND_WORDS as Record<string, string>)[kind] ?? kind;

/** The routable tail: a base64url payload, one dot, 2 + 7 base36 characters; before it at most 20 prefix characters. */
const ROUTABLE = /^[a-zA-Z0-9_+=/@:.-]{0,20}[A-Za-z0-9_-]{20,}\.[0-9a-z]{2}[0-9a-z]{7}$/;

export const isRoutableToken = (secret: string): boolean => ROUTABLE.test(secret);

/** The kind a secret's shape tells, or null when nothing marks it as GitLab's. */
export function tokenShape(secret: string): TokenShape | null {
  const known = KNOWN_PREFIXES.find((p) => secret.startsWith(p.prefix));
  if (known) return { ...known, customPrefix: false };
  // Only the personal-access-token prefix is the administrator's to change.
  if (isRoutableToken(secret)) return { prefix: null, label: 'personal, project or group access token (this instance sets its own prefix)', kinds: ['personal', 'project', 'group', 'service-account'], customPrefix: true };
  return null;
}
