// Which member list holds: every version found in the place is checked against the version it
// names as its parent, from the first (whose hash is the team id) on. A version that breaks a
// rule — signed by someone who was not a manager of its parent, a forged signature, a removed
// member back in, a removal without a new key — is an offence: the replica carrying it is
// refused whole, and the sentence says who signed what. Two valid versions with one parent
// (two managers changing the list at the same moment) are settled the same way everywhere: the
// one signed by the manager who joined the team first stands, then the earlier, then the
// smaller hash. A device pins the last version it accepted: a version branching off further
// back than that one's parent (an old list replayed, a change back-dated by a manager who has
// since been removed, or simply one that lost long ago) is ignored, and a place that no longer
// holds the pinned version at all (an old copy put back) is refused outright.
import type { Sodium } from '../vault/sodium';
import { memberKey } from './identity';
import { LIST_FORMAT, type ListBody, listHash, type Member, type SignedList, teamIdOf, verifySignature } from './member-list';

export interface FoundList {
  signed: SignedList;
  /** The device folder it was found in, and its file name. */
  device: string;
  file: string;
}

export interface Pin {
  version: number;
  hash: string;
}

export interface ChainResult {
  /** From the first version to the one that holds. */
  chain: { hash: string; body: ListBody }[];
  head: ListBody;
  headHash: string;
  /** Offending versions by hash: the sentence saying who signed what. */
  offences: Map<string, string>;
  /** Valid versions that lost to another made at the same time, with the sentence. */
  lost: { hash: string; body: ListBody; why: string }[];
}

export type ChainOutcome = { kind: 'ok'; result: ChainResult } | { kind: 'refused'; why: string };

function parse(text: string): ListBody | null {
  try {
    const v = JSON.parse(text) as ListBody;
    return v && typeof v === 'object' && v.format === LIST_FORMAT && Number.isSafeInteger(v.version) && Array.isArray(v.members) && Array.isArray(v.removed) && typeof v.keys === 'object' && v.keys !== null ? v : null;
  } catch {
    return null;
  }
}

const nameOf = (body: ListBody | undefined, key: string): string => body?.members.find((m) => m.key === key)?.name ?? body?.removed.find((r) => r.key === key)?.name ?? `someone (${key.slice(0, 8)})`;

/** What a version changes against its parent, in words: "adding Mallory as manager, removing Alice". */
export function describeChange(parent: ListBody | null, child: ListBody): string {
  if (!parent) return `starting team "${child.teamName}"`;
  const parts: string[] = [];
  for (const m of child.members) {
    const before = parent.members.find((p) => p.key === m.key);
    if (!before) parts.push(`adding ${m.name} as ${m.role}`);
    else if (before.role !== m.role) parts.push(`making ${m.name} a ${m.role}`);
  }
  for (const p of parent.members) if (!child.members.some((m) => m.key === p.key)) parts.push(`removing ${p.name}`);
  return parts.join(', ') || 'changing nothing about the members';
}

function memberValid(sodium: Sodium, m: Member): boolean {
  try {
    return typeof m.name === 'string' && !!m.name && (m.role === 'manager' || m.role === 'member') && memberKey(sodium, m) === m.key;
  } catch {
    return false;
  }
}

/** Null when `child` may follow `parent`; else why not (the rule it breaks). */
export function breaksRule(sodium: Sodium, teamId: string, parent: ListBody, parentHash: string, child: ListBody, signed: SignedList): string | null {
  if (child.team !== teamId || child.teamName !== parent.teamName) return 'it belongs to another team';
  if (child.version !== parent.version + 1 || child.prev !== parentHash) return 'its version number does not follow its parent';
  const signer = parent.members.find((m) => m.key === child.by);
  if (!signer) return 'its signer was not a member of the version before';
  if (!verifySignature(sodium, signed, signer.signPk)) return 'its signature is forged (it does not verify with the signer\'s key)';
  if (signer.role !== 'manager') return 'only a manager may change the member list';
  const keys = new Set<string>();
  for (const m of child.members) {
    if (!memberValid(sodium, m) || keys.has(m.key)) return 'a member in it is malformed';
    keys.add(m.key);
    const before = parent.members.find((p) => p.key === m.key);
    if (before && before.name !== m.name) return `it renames ${before.name}`;
  }
  if (!child.members.some((m) => m.role === 'manager')) return 'it leaves the team without a manager';
  if (parent.removed.some((r) => !child.removed.some((c) => JSON.stringify(c) === JSON.stringify(r)))) return 'it undoes an earlier removal';
  const newlyRemoved = child.removed.filter((c) => !parent.removed.some((r) => r.key === c.key));
  const dropped = parent.members.filter((p) => !keys.has(p.key));
  if (newlyRemoved.length !== dropped.length || dropped.some((d) => !newlyRemoved.some((r) => r.key === d.key && r.by === child.by && r.signPk === d.signPk))) return 'a member left it without being recorded as removed';
  if (child.members.some((m) => parent.removed.some((r) => r.key === m.key))) return 'it takes back someone who was removed (a removed person rejoins with a new identity)';
  if (dropped.length ? child.gen !== parent.gen + 1 : child.gen !== parent.gen) return 'a removal must draw a new team key (and only a removal does)';
  if (child.members.some((m) => typeof child.keys[m.key]?.[String(child.gen)] !== 'string')) return 'the team key is not sealed to every member in it';
  if (Object.keys(child.keys).some((k) => !keys.has(k))) return 'it seals the team key to someone who is not a member';
  return null;
}

function validGenesis(sodium: Sodium, teamId: string, hash: string, body: ListBody, signed: SignedList): boolean {
  const [creator] = body.members;
  return (
    teamIdOf(hash) === teamId &&
    body.version === 1 &&
    body.team === null &&
    body.prev === null &&
    body.members.length === 1 &&
    !!creator &&
    memberValid(sodium, creator) &&
    creator.role === 'manager' &&
    body.by === creator.key &&
    body.removed.length === 0 &&
    body.gen === 1 &&
    typeof body.keys[creator.key]?.['1'] === 'string' &&
    verifySignature(sodium, signed, creator.signPk)
  );
}

/** Seniority of a version's signer in its parent, then time, then hash: the same winner everywhere. */
function compare(parent: ListBody, a: { hash: string; body: ListBody }, b: { hash: string; body: ListBody }): number {
  const rank = (key: string) => parent.members.findIndex((m) => m.key === key);
  return rank(a.body.by) - rank(b.body.by) || a.body.at.localeCompare(b.body.at) || a.hash.localeCompare(b.hash);
}

export function resolveChain(sodium: Sodium, teamId: string, found: FoundList[], pin: Pin | null): ChainOutcome {
  const docs = new Map<string, { body: ListBody | null; signed: SignedList }>();
  for (const f of found) docs.set(listHash(sodium, f.signed.body), { body: parse(f.signed.body), signed: f.signed });
  const offences = new Map<string, string>();
  const valid = new Map<string, ListBody>();
  for (const [hash, d] of docs) if (d.body && d.body.version === 1 && validGenesis(sodium, teamId, hash, d.body, d.signed)) valid.set(hash, d.body);
  const first = [...valid.keys()][0];
  if (!first) return { kind: 'refused', why: 'the place holds no valid first member list for this team' };

  const children = new Map<string, string[]>();
  for (const [hash, d] of docs) if (d.body?.prev) children.set(d.body.prev, [...(children.get(d.body.prev) ?? []), hash]);
  const queue = [first];
  while (queue.length) {
    const parentHash = queue.shift()!;
    const parent = valid.get(parentHash)!;
    for (const hash of children.get(parentHash) ?? []) {
      const d = docs.get(hash)!;
      const why = breaksRule(sodium, teamId, parent, parentHash, d.body!, d.signed);
      if (why) offences.set(hash, `${nameOf(parent, d.body!.by)} signed a member list (version ${d.body!.version}, ${describeChange(parent, d.body!)}) that was refused: ${why}`);
      else {
        valid.set(hash, d.body!);
        queue.push(hash);
      }
    }
  }
  for (const [hash, d] of docs) {
    if (valid.has(hash) || offences.has(hash)) continue;
    offences.set(hash, d.body ? `a member list (version ${d.body.version}) signed by ${d.body.by.slice(0, 8)} does not follow from this team's first one (it belongs to another team, or its parent is missing)` : 'a member list file is not readable');
  }
  if (pin && !valid.has(pin.hash)) return { kind: 'refused', why: `the member list this device last accepted (version ${pin.version}) is no longer in the place: an older copy was put back or lists were deleted` };

  // The pinned version's ancestors hold; from its parent on, the better child wins at each step.
  const forced = new Set<string>();
  for (let h: string | null = pin ? (valid.get(pin.hash)!.prev ?? null) : null; h; h = valid.get(h)!.prev) forced.add(h);
  const chain: { hash: string; body: ListBody }[] = [];
  const lost: ChainResult['lost'] = [];
  for (let at: string | null = first; at; ) {
    const body = valid.get(at)!;
    chain.push({ hash: at, body });
    const kids = (children.get(at) ?? []).filter((h) => valid.has(h)).map((h) => ({ hash: h, body: valid.get(h)! }));
    if (!kids.length) break;
    const onPath = kids.find((k) => forced.has(k.hash));
    let next: { hash: string; body: ListBody };
    if (onPath) {
      next = onPath;
      // Not an offence: it may be a change that lost to one made at the same time, told apart
      // from a back-dated one only by a clock its signer controls. It changes nothing either way.
      for (const k of kids) if (k !== onPath) lost.push({ hash: k.hash, body: k.body, why: `${nameOf(body, k.body.by)}'s change to the members (version ${k.body.version}, ${describeChange(body, k.body)}) branches off version ${body.version}, older than the version this device accepted (${pin!.version}), so it is ignored: it lost to a change made at the same time, or was replayed or back-dated` });
    } else {
      next = kids.reduce((best, k) => (compare(body, k, best) < 0 ? k : best));
      for (const k of kids) if (k !== next) lost.push({ hash: k.hash, body: k.body, why: `${nameOf(body, k.body.by)}'s change to the members (${describeChange(body, k.body)}) was made at the same time as ${nameOf(body, next.body.by)}'s (${describeChange(body, next.body)}); ${nameOf(body, next.body.by)} joined the team earlier, so theirs stands` });
    }
    at = next.hash;
  }
  // Descendants of a losing version lose with it; they are no offence.
  const onChain = new Set(chain.map((c) => c.hash));
  for (const [hash, body] of valid) if (!onChain.has(hash) && !lost.some((l) => l.hash === hash) && !offences.has(hash)) lost.push({ hash, body, why: `a change to the members (version ${body.version}) built on one that did not stand` });
  const last = chain.at(-1)!;
  return { kind: 'ok', result: { chain, head: last.body, headHash: last.hash, offences, lost } };
}
