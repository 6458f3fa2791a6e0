// What crosses the agent's socket. A request is one line of JSON naming the vault it is for,
// a method and its arguments; the answer is one line {ok, value | error}, as over IPC.
// Methods are the renderer's contract (a named subset: nothing that shows a secret) plus a
// few agent-only ones, schema-checked like api.ts, for the programs a secret is released
// to: the CLI's copy and run, and git. Only these answer a secret, and each is logged.
import { z } from 'zod';
import { entrySchema, type MethodName } from '../api';
import { releaseRecordSchema } from '../vault/release-log';
import { CREDENTIAL_LIMITS, PROTOCOL_VERSION } from './wire';

export { PROTOCOL_VERSION } from './wire';

/** Larger than any request the contract allows (a 64 KiB secret plus its entry). */
export const MAX_REQUEST_BYTES = 256 * 1024;

/** Contract methods the agent answers. Not here: reveal (use agentRelease, which logs), the wizard, backups, openExternal. */
export const CONTRACT_METHODS_OVER_SOCKET = new Set<MethodName>([
  'vaultStatus',
  'vaultUnlock',
  'vaultLock',
  'tokensList',
  'tokensGet',
  'tokensAdd',
  'tokensUpdate',
  'tokensRemove',
  'trashList',
  'trashRestore',
  'trashDeleteNow',
  'trashEmpty',
  'tokensOldSecrets',
  'tokensRestoreOldSecret',
  'gitlabVerify',
  'gitlabRotate',
  'gitlabRevoke',
  'settingsGet',
  'settingsUpdate',
  'calendarData',
  // Sync through the process that holds the vault unlocked: no password, and one writer.
  'syncStatus',
  'syncNow',
  'syncDevices',
  'syncForget',
  'syncPause',
  'syncNewPassword',
]);

const ref = z.string().trim().min(1).max(200);
const shortText = (max: number) => z.string().max(max);
/** One credential as gitcredentials(7) describes it, already parsed and checked by the helper. */
export const credentialSchema = z
  .object({
    protocol: z.enum(['https', 'http']),
    host: z.string().min(1).max(CREDENTIAL_LIMITS.host),
    path: z.string().max(CREDENTIAL_LIMITS.path).optional(),
    username: z.string().max(CREDENTIAL_LIMITS.username).optional(),
    password: z.string().max(CREDENTIAL_LIMITS.password).optional(),
  })
  .strict();
export type Credential = z.infer<typeof credentialSchema>;

export const agentMethods = {
  /** Who is serving: the vault id and path, whether it is unlocked, headless or the app. */
  agentHello: {
    args: z.object({}).strict(),
    result: z
      .object({ vaultId: z.string(), vaultPath: z.string(), pid: z.number().int(), unlocked: z.boolean(), headless: z.boolean(), idleMinutes: z.number().int().nullable() })
      .strict(),
  },
  /** An entry by name, id or id prefix (the CLI's NAME|ID). */
  agentFind: { args: z.object({ ref }).strict(), result: entrySchema },
  /** A secret for the CLI's copy/show --stdout/run: logged, and asked about first when the user wants that. */
  agentRelease: {
    args: z.object({ ref, purpose: z.enum(['copy', 'run', 'show']), command: shortText(500) }).strict(),
    result: z.object({ id: z.string(), name: z.string(), secret: z.string().max(64 * 1024) }).strict(),
  },
  /** git's credential helper: get answers a token for that URL or null; store and erase answer null. */
  gitCredential: {
    args: z.object({ action: z.enum(['get', 'store', 'erase']), credential: credentialSchema }).strict(),
    result: z
      .object({
        answer: z.object({ username: z.string(), password: z.string().max(64 * 1024), expiryUtc: z.number().int().nullable() }).strict().nullable(),
        /** For the user when nothing was answered (several candidates, say): git shows the helper's standard error. */
        note: z.string().max(500).nullable(),
      })
      .strict(),
  },
  agentReleases: { args: z.object({ limit: z.number().int().min(1).max(5000) }).strict(), result: z.object({ rows: z.array(releaseRecordSchema) }).strict() },
  /**
   * unlock --minutes N: this agent's idle lock, overriding the vault's setting until it locks.
   * Any program on the socket may shorten it; lengthening it or "never" (0) takes the master
   * password, which `unlock` has in hand when it has just unlocked.
   */
  agentSetIdle: { args: z.object({ minutes: z.number().int().min(0).max(24 * 60), password: z.string().max(1024).optional() }).strict(), result: z.object({}).strict() },
  /** Stops a headless agent (locking first); the app refuses. */
  agentStop: { args: z.object({}).strict(), result: z.object({}).strict() },
} as const;

export type AgentMethods = typeof agentMethods;
export type AgentMethodName = keyof AgentMethods;
export type AgentArgs<M extends AgentMethodName> = z.output<AgentMethods[M]['args']>;
export type AgentResult<M extends AgentMethodName> = z.output<AgentMethods[M]['result']>;

export const isAgentMethod = (name: unknown): name is AgentMethodName =>
  typeof name === 'string' && Object.prototype.hasOwnProperty.call(agentMethods, name);

/** The envelope of every request. `pid` is what the client says it is: checked against /proc where there is one. */
export const requestSchema = z
  .object({
    v: z.literal(PROTOCOL_VERSION),
    vaultId: z.string().max(64),
    method: z.string().max(64),
    args: z.unknown().optional(),
    pid: z.number().int().positive().optional(),
  })
  .strict();
export type AgentRequest = z.infer<typeof requestSchema>;
