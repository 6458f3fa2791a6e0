// What a program on the agent's socket may not do, though the app's window may. Every program
// the user runs can reach the socket, so a request there is checked for what it would send
// somewhere, not only for its shape:
// - it cannot change where a token goes: a token's GitLab address, or the "where used" places
//   a rotation writes the new token into (the window and the CLI with the master password can);
// - a GitLab call (verify, rotate, revoke) sends the token to its instance, so it is a release
//   like a copy: logged with the instance named, asked about in the app when the user wants
//   that — and always asked when that token has never been sent there before (the headless
//   agent, which cannot ask, refuses: the CLI then asks for the master password instead);
// - the settings that guard releases and locking change only in the window, or with the
//   master password (the CLI opening the vault itself);
// - what cannot be undone (deleting for good, which also makes a backup that may push the
//   oldest one out; revoking on GitLab) or quietly stops this device hearing from the others
//   (forgetting a sync device, pausing sync, taking a new sync password — which adopts whatever
//   key that password opens in the sync place) needs the master password: refused here, the CLI
//   asks for it and opens the vault itself, the window does it as the user's own act;
// - what quietly silences a promise (a sweep into the Trash, reminders made later or none, which
//   token git gets) is asked in the app and refused by the headless agent (socket-acts.ts);
// - a secret to store is compared with the master password only at the price of guessing it
//   offline (master-guess.ts), and only once nothing else would refuse the request;
// - a secret to store that the vault already holds answers "already stored" (the sentence names
//   the token, as `tokenvault add` tells the person), so it is a test of a guessed token: the
//   answer carries no id, and each one is in the release log with the process that asked.
import { methods, type ApiResult } from '../api';
import { ServiceError } from '../app/errors';
import { isCredentialKind } from '../gitlab/credential-ops';
import { toApiError } from '../ipc';
import { masterPasswordRefused } from '../vault/errors';
import { hasGitLabPrefix } from '../vault/token-shape';
import { normaliseInstance, type EntryOverview } from '../vault/types';
import type { AgentHost } from './agent-methods';
import { isMasterPasswordSlowly } from './master-guess';
import { decideSocketAct, markProgramAct, socketAct } from './socket-acts';
import { peerCommandOf, type PeerInfo } from './peer';

/** Settings a program on the socket may change, though a change that quiets reminders or picks git's token is asked about (socket-acts.ts). */
export const SOCKET_SETTINGS: ReadonlySet<string> = new Set(['defaultLeadDays', 'gitDefaults']);

const GITLAB_CALLS = { gitlabVerify: 'verify', gitlabRotate: 'rotate', gitlabRevoke: 'revoke' } as const;

/** The code the CLI answers by asking for the master password and making the call itself. */
export const NEEDS_PASSWORD = 'NEEDS_PASSWORD';

const refuse = (code: string, message: string): ApiResult<never> => ({ ok: false, error: { code, message } });

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const sortedKeys = (record: Record<string, unknown>) => Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1)));

/** What a socket request would do that cannot be taken back (or that cuts this device off from the others), in words; null when nothing. */
function lastingAct(method: string, args: unknown): string | null {
  if (method === 'trashDeleteNow') return 'Deleting a token for good';
  if (method === 'trashEmpty') return 'Emptying the Trash (deleting its tokens for good)';
  if (method === 'syncForget') return 'Forgetting a sync device (its changes are ignored from then on)';
  if (method === 'syncPause' && isRecord(args) && args.paused === true) return 'Pausing sync';
  // The caller's password decides which sync key is adopted: with a header it planted in the
  // sync place, that key is the caller's, this replica is re-written under it and the others cut off.
  if (method === 'syncNewPassword') return 'Taking a new master password for sync (it adopts the sync key that password opens)';
  return null;
}

/** Whether `patch` would send this token's secret somewhere else than today. */
function redirects(entry: EntryOverview, patch: Record<string, unknown>): string | null {
  if ('instance' in patch) {
    const wanted = typeof patch.instance === 'string' ? normaliseInstance(patch.instance) : patch.instance;
    if (wanted !== entry.instance) return 'its GitLab address';
  }
  if ('usedIn' in patch && JSON.stringify(patch.usedIn) !== JSON.stringify(entry.usedIn)) return 'its "where used" places';
  // A credential's kind and facts decide which GitLab call is made, with which stored token
  // (facts.managedBy), about which id: changed from here, another token would be sent, logged
  // under this one's name. Only the rotation reminder is the user's own preference.
  if ('kind' in patch && patch.kind !== entry.kind) return 'its kind';
  if ('facts' in patch) {
    const { rotateEveryDays: _wanted, ...wanted } = isRecord(patch.facts) ? patch.facts : {};
    const { rotateEveryDays: _now, ...now } = entry.facts ?? {};
    if (JSON.stringify(sortedKeys(wanted)) !== JSON.stringify(sortedKeys(now))) return 'the token that manages it on GitLab, or its ids there';
  }
  return null;
}

/**
 * Runs before a contract method from the socket is dispatched: a refusal to answer instead, or
 * null to go on. For a GitLab call it asks (in the app) and logs the release first.
 */
export async function guardSocketCall(host: AgentHost, method: string, args: unknown, peer: PeerInfo): Promise<ApiResult<never> | null> {
  const lasting = lastingAct(method, args);
  if (lasting) return refuse(NEEDS_PASSWORD, `${lasting} needs the master password, which the agent does not take from a program: do it in Token Vault's window, or with the tokenvault command, which asks for it.`);
  if (method === 'settingsUpdate') {
    const patch = isRecord(args) && isRecord(args.patch) ? args.patch : {};
    const guarded = Object.keys(patch).filter((key) => !SOCKET_SETTINGS.has(key));
    if (guarded.length === 0) return guardAct(host, method, args, null, peer);
    return refuse('SETTING_GUARDED', `A program on the agent's socket cannot change ${guarded.join(', ')}: change it in Token Vault's window (Settings).`);
  }
  if (method === 'tokensAdd') return (await refuseMasterPasswordAsToken(host, args, peer)) ?? guardAct(host, method, args, null, peer);
  // Putting a token or an earlier secret back can make it git's or a name's answer again (socket-acts.ts).
  if (method === 'trashRestore' || method === 'tokensRestoreOldSecret') return guardAct(host, method, args, null, peer);
  if (method !== 'tokensUpdate' && method !== 'tokensRemove' && !(method in GITLAB_CALLS)) return null;
  const id = isRecord(args) && typeof args.id === 'string' ? args.id : null;
  if (!id) return null; // malformed: dispatch refuses it with the contract's own sentence
  const { session } = host.services;
  let vault;
  let entry: EntryOverview;
  try {
    vault = session.unlocked();
    entry = vault.get(id);
  } catch (error) {
    return { ok: false, error: toApiError(error) };
  }

  // The Trash is out of every list, and copy and agentRelease answer NOT_FOUND for it: a program
  // neither edits a trashed token nor has it sent to GitLab (a rotate would store a new one).
  if (entry.trashedAt !== undefined) return method === 'tokensRemove' ? null : refuse('NOT_FOUND', `"${entry.name}" is in the Trash; restore it first (tokenvault trash restore).`);
  if (method === 'tokensRemove') return guardAct(host, method, args, entry, peer);

  if (method === 'tokensUpdate') {
    const what = redirects(entry, isRecord(args) && isRecord(args.patch) ? args.patch : {});
    if (!what) return guardAct(host, method, args, entry, peer);
    return refuse('REDIRECT_REFUSED', `A program on the agent's socket cannot change where "${entry.name}" is sent (${what}): change it in Token Vault's window.`);
  }

  if (!entry.instance) return null; // dispatch answers "no GitLab address"; nothing leaves
  // verify --using sends a second stored token (to find a lost rotation's orphan): to the first
  // token's instance, which that token may never have been sent to, and unlogged under the first's
  // name. A program on the socket does not get to choose it; the CLI asks for the password instead.
  const usingId = isRecord(args) && typeof args.usingId === 'string' ? args.usingId : null;
  if (usingId !== null && usingId !== id) {
    return refuse(NEEDS_PASSWORD, `Using another stored token for a GitLab call about "${entry.name}" sends that token too; it needs the master password (the agent does not do it for a program).`);
  }
  const action = GITLAB_CALLS[method as keyof typeof GITLAB_CALLS];
  // Verified means GitLab at this address has seen this secret; a new address or a new secret clears it.
  const firstTime = entry.lastVerifiedAt === null;
  const command = `GitLab ${action} at ${entry.instance}${firstTime ? ' (never sent there before)' : ''}`;
  // A revoke cannot be undone: the app always asks, the headless agent (which cannot) refuses.
  const revoking = method === 'gitlabRevoke';
  if (host.approveRelease) {
    if (firstTime || revoking || vault.getSettings().askBeforeRelease) {
      const allowed = await host.approveRelease({ entryName: entry.name, purpose: 'gitlab', command, peer });
      if (!allowed) return { ok: false, error: toApiError(new ServiceError('RELEASE_DENIED', `You declined to send "${entry.name}" to ${entry.instance}.`)) };
    }
  } else if (firstTime) {
    return refuse(NEEDS_PASSWORD, `"${entry.name}" has never been verified at ${entry.instance}; the first call there needs the master password (the agent cannot ask you).`);
  } else if (revoking) {
    return refuse(NEEDS_PASSWORD, `Revoking "${entry.name}" on GitLab cannot be undone; it needs the master password (the agent cannot ask you).`);
  }
  // Logged before it leaves, as a copy is: a failed call over-reports, never under-reports. A
  // credential that cannot speak to GitLab itself is asked about with the token that manages it,
  // and that token leaves too: it gets its own row.
  const managerId = isCredentialKind(entry.kind) ? (entry.facts?.managedBy ?? null) : null;
  let manager: EntryOverview | null = null;
  try {
    manager = managerId && managerId !== id ? vault.get(managerId) : null;
  } catch {
    manager = null; // the call itself says no managing token is stored
  }
  const sent = manager ? [{ who: entry, command }, { who: manager, command: `${command} (asking about "${entry.name}")` }] : [{ who: entry, command }];
  for (const { who, command: text } of sent) {
    vault.logRelease({
      at: new Date().toISOString(),
      entryId: who.id,
      entryName: who.name,
      purpose: 'gitlab',
      command: text.slice(0, 500),
      peerPid: peer.pid,
      peerExe: peer.exe,
      peerSource: peer.source,
      via: host.headless ? 'agent' : 'app',
    });
  }
  return null;
}

/** A change that silences a promise (socket-acts.ts): asked in the app, refused by the headless agent, logged when done. */
async function guardAct(host: AgentHost, method: string, args: unknown, entry: EntryOverview | null, peer: PeerInfo): Promise<ApiResult<never> | null> {
  try {
    const vault = host.services.session.unlocked();
    // A name a program's rename takes from a token is one a program's token may not take unasked later.
    const renamed = method === 'tokensUpdate' && entry && isRecord(args) && isRecord(args.patch) && typeof args.patch.name === 'string' && args.patch.name.trim() !== entry.name;
    if (renamed) markProgramAct(vault, { name: entry.name });
    const act = socketAct(vault, method, args, entry);
    if (!act) return null;
    const decision = await decideSocketAct(host, vault, act, peer);
    return decision.allowed ? null : refuse(decision.code, decision.message);
  } catch (error) {
    return { ok: false, error: toApiError(error) };
  }
}

/**
 * tokensAdd: the master password is not stored as a token, but finding that out must cost a
 * program what a guess against the vault file costs. Whatever else would refuse the request (a
 * name taken, a secret stored already, a bad field) answers first, so the slow check is reached
 * only by a request that would otherwise store a token. A secret with one of GitLab's prefixes
 * is not compared (vault.ts says why). A hit is refused with the sentence the vault's own check
 * uses, and logged with the peer that asked.
 */
async function refuseMasterPasswordAsToken(host: AgentHost, args: unknown, peer: PeerInfo): Promise<ApiResult<never> | null> {
  const parsed = methods.tokensAdd.args.safeParse(args);
  if (!parsed.success) return null; // dispatch refuses it with the contract's own sentence
  const { entry, secret } = parsed.data;
  const trimmed = secret.trim();
  if (!trimmed || hasGitLabPrefix(trimmed)) return null;
  let vault;
  try {
    vault = host.services.session.unlocked();
    vault.checkNew(entry, trimmed);
    if (!(await isMasterPasswordSlowly(host, vault, trimmed))) return null;
  } catch (error) {
    return { ok: false, error: toApiError(error) };
  }
  vault.logRelease({
    at: new Date().toISOString(),
    entryId: 'master-password',
    entryName: entry.name.slice(0, 200),
    purpose: 'refused',
    command: 'The master password was sent as a token to store (tokensAdd) and refused.',
    peerPid: peer.pid,
    peerExe: peer.exe,
    peerSource: peer.source,
    via: host.headless ? 'agent' : 'app',
  });
  return { ok: false, error: toApiError(masterPasswordRefused(entry.name)) };
}

/** A token a program added: putting it back or renaming it later is held to what a program may supply (socket-acts.ts). */
function notePrograms(host: AgentHost, added: unknown): void {
  const id = isRecord(added) && typeof added.id === 'string' ? added.id : null;
  if (!id) return;
  try {
    markProgramAct(host.services.session.unlocked(), { id });
  } catch {
    // locked meanwhile: the add stands, unmarked (the next unlock's acts see it as the person's)
  }
}

/**
 * Runs on a contract method's answer before it goes back on the socket. ALREADY_STORED says a
 * guessed secret is in the vault: logged as a refusal with the peer that asked (the holder's row,
 * so the log shows which token was tested), and sent without the holder's id.
 */
export function answerToSocket(host: AgentHost, method: string, result: ApiResult<unknown>, peer: PeerInfo): ApiResult<unknown> {
  if (method === 'tokensAdd' && result.ok) notePrograms(host, result.value);
  // Without an id it is two rows of one import holding the same token: nothing of the vault's was tested.
  if (result.ok || result.error.code !== 'ALREADY_STORED' || result.error.entryId === undefined) return result;
  const { entryId, ...error } = result.error;
  try {
    const vault = host.services.session.unlocked();
    let name = 'a stored token';
    try {
      name = vault.get(entryId).name;
    } catch {
      // gone since: the row still says a stored secret was tested
    }
    vault.logRelease({
      at: new Date().toISOString(),
      entryId,
      entryName: name.slice(0, 200),
      purpose: 'refused',
      command: `A secret the vault already holds was sent to be stored (${method}) and refused: the answer says it is stored.`.slice(0, 500),
      peerPid: peer.pid,
      peerExe: peer.exe,
      peerSource: peer.source,
      peerCommand: peerCommandOf(peer),
      via: host.headless ? 'agent' : 'app',
    });
  } catch {
    // Not logged, not told: the refusal stands without saying which secret matched.
    return { ok: false, error: { code: 'ALREADY_STORED', message: 'That token is already stored; nothing was stored.' } };
  }
  return { ok: false, error };
}
