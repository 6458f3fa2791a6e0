// The kinds of token, apart from types.ts: the CLI offers them as choices on every start,
// and types.ts brings zod (tens of milliseconds to load) that a command the agent answers
// never needs.
// Every GitLab credential a team keeps has its own kind (issue 22): the access tokens, deploy
// tokens, pipeline trigger tokens, runner authentication tokens, cluster agent tokens, service
// accounts' tokens, OAuth application secrets and webhook secrets. Feed and incoming-email tokens
// are kinds too, so such a token is never stored as something it is not; CI/CD job tokens live
// only while their job runs and are never stored (token-shape.ts explains them).
export const TOKEN_KINDS = [
  'personal', 'project', 'group', 'deploy', 'trigger', 'runner', 'agent', 'service-account', 'oauth-app', 'webhook', 'feed', 'incoming-email', 'other',
] as const;
export type TokenKind = (typeof TOKEN_KINDS)[number];

/** Each kind in words, for lists, filters and sentences ("a deploy token"). */
export const KIND_WORDS: Record<TokenKind, string> = {
  personal: 'personal access token',
  project: 'project access token',
  group: 'group access token',
  deploy: 'deploy token',
  trigger: 'pipeline trigger token',
  runner: 'runner authentication token',
  agent: 'cluster agent token',
  'service-account': "service account's token",
  'oauth-app': 'OAuth application secret',
  webhook: 'webhook secret token',
  feed: 'feed token',
  'incoming-email': 'incoming email token',
  other: 'other secret',
};

/** Kinds GitLab never lets expire: they get an age and a rotation reminder the user sets instead. */
export const NEVER_EXPIRING_KINDS: ReadonlySet<TokenKind> = new Set(['trigger', 'agent', 'oauth-app', 'webhook', 'feed', 'incoming-email']);
