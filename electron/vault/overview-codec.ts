// The sealed overview's plaintext, format 2 (schema 5): a JSON array by position instead of an
// object with a key per field, instants as epoch milliseconds, and nothing the row already
// binds in clear (id, created/updated instants: the associated data). A 5-field token's
// overview is ~150 bytes instead of ~560, so it seals into one 256-byte padding block where
// it took three. Decoding checks every field's type by hand (cheap, no schema library per
// row): a blob that authenticates but is not a well-formed overview is "damaged".
// Format 1 (a JSON object, schemas 1–4) is still read: migration 5 converts it, and read-only
// backups keep it.
import { isoOfMs } from './iso-instant';
import { TOKEN_KINDS } from './token-kinds';
import type { EntryOverview, GitLabFacts, HistoryEvent, KindFacts, PendingRotation, RotationFollowUp } from './types';

const FORMAT = 2;
const SECRET_VERSION = /^[0-9a-f]{32}$/;

class Malformed extends Error {}

export interface DecodedOverview {
  overview: EntryOverview;
  /** '' for a schema 1 row (legacy), which has none. */
  secretVersion: string;
  /** The secret's keyed tag (secret-tag.ts), or null in a row written before schema 6. */
  secretTag: string | null;
}

const SECRET_TAG = /^[A-Za-z0-9_-]{22}$/;

/** An instant as milliseconds when that gives back the same ISO string, else the string itself. */
function instant(iso: string): number | string {
  const ms = Date.parse(iso);
  return Number.isFinite(ms) && isoOfMs(ms) === iso ? ms : iso;
}

function isoOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return isoOfMs(value);
  throw new Malformed();
}

/** True when the row's millisecond column gives this instant back exactly (Date.parse then toISOString, as before). */
function sameInstant(iso: string): boolean {
  const ms = Date.parse(iso);
  return isoOfMs(ms) === iso;
}

const orNull = <T>(value: T | null, map: (v: T) => unknown) => (value === null ? null : map(value));

export function encodeOverview(o: EntryOverview, secretVersion: string, secretTag: string | null = null): string {
  const g = o.gitlab;
  const gitlabFacts: unknown[] = [g.tokenId, g.userId, g.username, g.target, g.accessLevel, g.active, g.revoked];
  // The eighth fact came later (readers before it take the first seven): written once it is set.
  if (g.neverExpires !== undefined) gitlabFacts.push(g.neverExpires);
  // Nothing known: 0, or 1 when "never expires" is explicitly unknown (null), which a reader must
  // not take for a row written before the fact existed (schema 7; before, both were 0).
  const gitlab = gitlabFacts.every((v) => v === null) ? (g.neverExpires === null ? 1 : 0) : gitlabFacts;
  const p = o.pendingRotation;
  const fields: unknown[] = [
    FORMAT,
    secretVersion,
    o.name,
    o.kind,
    o.instance,
    o.scopes,
    o.expiresAt,
    o.description,
    o.usedIn,
    o.leadDays,
    orNull(o.lastVerifiedAt, instant),
    orNull(o.lastUsedAt, instant),
    o.revoked ? 1 : 0,
    gitlab,
    // The GitLab version a rotation went to (recovery.ts reads it) rides fifth once known (schema 7; it was dropped before).
    p ? (p.gitlabVersion === undefined ? [p.state, instant(p.startedAt), p.oldTokenId, p.requestedExpiresAt] : [p.state, instant(p.startedAt), p.oldTokenId, p.requestedExpiresAt, p.gitlabVersion]) : 0,
    o.followUp ? [instant(o.followUp.rotatedAt), o.followUp.places.map((x) => [x.place, x.done ? 1 : 0])] : 0,
    o.history.map((e) => (e.note === undefined ? [instant(e.at), e.action] : [instant(e.at), e.action, e.note])),
  ];
  // Row instants are kept to the millisecond; only an instant they cannot give back is stored.
  if (!sameInstant(o.createdAt)) fields[17] = o.createdAt;
  if (!sameInstant(o.updatedAt)) fields[18] = o.updatedAt;
  // A kind's own fields (issue 22) come next, only when there are any: other overviews keep their size.
  const facts = o.facts && Object.keys(o.facts).length ? o.facts : null;
  if (facts || o.trashedAt !== undefined || secretTag !== null) {
    fields[17] ??= 0;
    fields[18] ??= 0;
    fields[19] = facts ?? 0;
  }
  // Schema 6: the Trash instant and the secret's keyed tag (entry-codec.ts secretTag) follow.
  if (o.trashedAt !== undefined || secretTag !== null) {
    fields[20] = o.trashedAt === undefined ? 0 : instant(o.trashedAt);
    fields[21] = secretTag ?? 0;
  }
  return JSON.stringify(fields);
}

export interface RowFacts {
  id: string;
  createdAt: number;
  updatedAt: number;
}

/** Either format; throws Malformed-as-false via the caller (see decodeOverview's null). */
export function decodeOverview(text: string, row: RowFacts, legacy: boolean): DecodedOverview | null {
  try {
    const parsed: unknown = JSON.parse(text);
    if (Array.isArray(parsed)) return legacy ? null : fromArray(parsed, row);
    return fromObject(parsed, legacy);
  } catch {
    return null;
  }
}

const str = (v: unknown): string => {
  if (typeof v !== 'string') throw new Malformed();
  return v;
};
const strOrNull = (v: unknown): string | null => (v === null ? null : str(v));
const num = (v: unknown): number => {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Malformed();
  return v;
};
const numOrNull = (v: unknown): number | null => (v === null ? null : num(v));
const boolOrNull = (v: unknown): boolean | null => {
  if (v === null || typeof v === 'boolean') return v;
  throw new Malformed();
};
const flag = (v: unknown): boolean => {
  if (v !== 0 && v !== 1) throw new Malformed();
  return v === 1;
};
const list = (v: unknown): unknown[] => {
  if (!Array.isArray(v)) throw new Malformed();
  return v;
};
/** Checked in place, not copied: JSON.parse made the array for this one overview (fewer objects per row opened). */
const strings = (v: unknown): string[] => {
  const a = list(v);
  for (const x of a) str(x);
  return a as string[];
};
const numbers = (v: unknown): number[] => {
  const a = list(v);
  for (const x of a) num(x);
  return a as number[];
};
const KINDS: readonly string[] = TOKEN_KINDS;

function fromArray(a: unknown[], row: RowFacts): DecodedOverview {
  if (a[0] !== FORMAT || a.length < 17 || a.length > 22 || a.length === 21) throw new Malformed();
  const secretVersion = str(a[1]);
  if (!SECRET_VERSION.test(secretVersion)) throw new Malformed();
  const kind = str(a[3]);
  if (!KINDS.includes(kind)) throw new Malformed();
  const gitlab: GitLabFacts =
    a[13] === 0 || a[13] === 1
      ? { tokenId: null, userId: null, username: null, target: null, accessLevel: null, active: null, revoked: null, ...(a[13] === 1 ? { neverExpires: null } : {}) }
      : ((facts) => {
          const [tokenId, userId, username, target, accessLevel, active, revoked, neverExpires] = facts;
          return {
            tokenId: numOrNull(tokenId),
            userId: numOrNull(userId),
            username: strOrNull(username),
            target: strOrNull(target),
            accessLevel: numOrNull(accessLevel),
            active: boolOrNull(active),
            revoked: boolOrNull(revoked),
            ...(facts.length > 7 ? { neverExpires: boolOrNull(neverExpires) } : {}),
          };
        })(list(a[13]));
  let pendingRotation: PendingRotation | null = null;
  if (a[14] !== 0) {
    const pending = list(a[14]);
    const [state, startedAt, oldTokenId, requestedExpiresAt, gitlabVersion] = pending;
    if ((state !== 'pending' && state !== 'unconfirmed') || pending.length < 4 || pending.length > 5) throw new Malformed();
    pendingRotation = { state, startedAt: isoOf(startedAt), oldTokenId: numOrNull(oldTokenId), requestedExpiresAt: strOrNull(requestedExpiresAt) };
    if (pending.length === 5) pendingRotation.gitlabVersion = strOrNull(gitlabVersion);
  }
  let followUp: RotationFollowUp | null = null;
  if (a[15] !== 0) {
    const [rotatedAt, places] = list(a[15]);
    followUp = { rotatedAt: isoOf(rotatedAt), places: list(places).map((p) => ((x) => ({ place: str(x[0]), done: flag(x[1]) }))(list(p))) };
  }
  const history = list(a[16]).map((raw): HistoryEvent => {
    const e = list(raw);
    const event: HistoryEvent = { at: isoOf(e[0]), action: str(e[1]) as HistoryEvent['action'] };
    if (e.length > 2) event.note = str(e[2]);
    return event;
  });
  const leadDays = a[9] === null ? null : numbers(a[9]);
  const lastVerifiedAt = a[10] === null ? null : isoOf(a[10]);
  const expiresAt = strOrNull(a[6]);
  const overview: EntryOverview = {
    id: row.id,
    name: str(a[2]),
    kind: kind as EntryOverview['kind'],
    instance: strOrNull(a[4]),
    scopes: strings(a[5]),
    expiresAt,
    description: str(a[7]),
    usedIn: strings(a[8]),
    leadDays,
    createdAt: a[17] === undefined || a[17] === 0 || a[17] === null ? isoOfMs(row.createdAt) : str(a[17]),
    updatedAt: a[18] === undefined || a[18] === 0 || a[18] === null ? isoOfMs(row.updatedAt) : str(a[18]),
    lastVerifiedAt,
    lastUsedAt: a[11] === null ? null : isoOf(a[11]),
    revoked: flag(a[12]),
    // Seven facts: written before the eighth existed (a 0 says nothing was ever asked).
    gitlab: Array.isArray(a[13]) && a[13].length === 7 ? withNeverExpires(gitlab, expiresAt, lastVerifiedAt) : gitlab,
    pendingRotation,
    followUp,
    // Absent when the overview has none (most tokens): the field is optional.
    ...(a[19] === undefined || a[19] === 0 ? {} : { facts: kindFacts(a[19]) }),
    history,
  };
  if (a.length === 22 && a[20] !== 0) overview.trashedAt = isoOf(a[20]);
  const secretTag = a.length === 22 && a[21] !== 0 ? str(a[21]) : null;
  if (secretTag !== null && !SECRET_TAG.test(secretTag)) throw new Malformed();
  return { overview, secretVersion, secretTag };
}

const OWNERS = new Set(['project', 'group', 'instance']);

/** KindFacts, every field checked by hand like the rest: a stray field or type is "damaged". */
function kindFacts(v: unknown): KindFacts {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Malformed();
  const out: KindFacts = {};
  for (const [key, value] of Object.entries(v)) {
    if (key === 'owner') {
      if (!OWNERS.has(str(value))) throw new Malformed();
      out.owner = value as KindFacts['owner'];
    } else if (key === 'tags') out.tags = strings(value);
    else if (key === 'paused') {
      if (typeof value !== 'boolean') throw new Malformed();
      out.paused = value;
    } else if (key === 'agentId' || key === 'rotateEveryDays') out[key] = num(value);
    else if (key === 'agentName' || key === 'hookUrl' || key === 'clientId' || key === 'managedBy') out[key] = str(value);
    else throw new Malformed();
  }
  return out;
}

/** Format 1: the overview object as JSON, with its secret version (none in schema 1). */
function fromObject(parsed: unknown, legacy: boolean): DecodedOverview {
  if (typeof parsed !== 'object' || parsed === null) throw new Malformed();
  const { secretVersion, ...stored } = parsed as Omit<EntryOverview, 'followUp'> & { followUp?: EntryOverview['followUp']; secretVersion?: unknown };
  if (legacy ? secretVersion !== undefined : typeof secretVersion !== 'string' || !SECRET_VERSION.test(secretVersion)) throw new Malformed();
  // Rows written before schema 4 have no rotation follow-up: none is pending.
  const gitlab = withNeverExpires(stored.gitlab, stored.expiresAt, stored.lastVerifiedAt);
  return { overview: { ...stored, gitlab, followUp: stored.followUp ?? null }, secretVersion: legacy ? '' : (secretVersion as string), secretTag: null };
}

/**
 * Rows written before "never expires" was told apart from "expiry unknown": a token without a
 * date that GitLab has answered for (verify, rotate and create write the date GitLab gives, with
 * lastVerifiedAt) had no date on GitLab — it never expires. Any other dateless token (stored
 * while GitLab could not be asked, imported without a date) is unknown: the fact stays unset.
 * Nothing is rewritten: the next write of the row stores what was read.
 */
function withNeverExpires(gitlab: GitLabFacts, expiresAt: string | null, lastVerifiedAt: string | null): GitLabFacts {
  if (gitlab.neverExpires !== undefined || expiresAt !== null || lastVerifiedAt === null) return gitlab;
  return { ...gitlab, neverExpires: true };
}
