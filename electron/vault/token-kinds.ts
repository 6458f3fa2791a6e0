// The kinds of token, apart from types.ts: the CLI offers them as choices on every start,
// and types.ts brings zod (tens of milliseconds to load) that a command the agent answers
// never needs.
export const TOKEN_KINDS = ['personal', 'project', 'group', 'deploy', 'other'] as const;
export type TokenKind = (typeof TOKEN_KINDS)[number];
