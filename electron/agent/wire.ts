// The parts of the agent's protocol the CLI's side needs before it says anything, kept apart
// from protocol.ts's zod schemas: loading zod costs a command the agent answers about a
// third of its start-up, and the agent checks every request against those schemas anyway.
// The schemas are built from these same numbers, so the two sides cannot drift apart.

export const PROTOCOL_VERSION = 1;

/** Longest value of each credential attribute git may send us (characters). */
export const CREDENTIAL_LIMITS = {
  host: 300,
  path: 2048,
  username: 300,
  password: 64 * 1024,
} as const;
