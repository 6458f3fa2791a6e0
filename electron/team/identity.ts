// A person's identity: an Ed25519 key to sign with and an X25519 key to receive sealed team
// keys, made once and kept sealed in their vault. What others see of it is the public part:
// a fingerprint short enough to read aloud (compared out of band, as Signal's safety numbers
// are) and an invite code that carries the name and both public keys, signed by the person's
// own signing key so neither key nor name can be swapped inside a code without it showing.
import type { Sodium } from '../vault/sodium';
import { TeamError } from './errors';

export interface PublicIdentity {
  name: string;
  /** Ed25519 public key, base64. */
  signPk: string;
  /** X25519 public key, base64. */
  boxPk: string;
}

export interface Identity extends PublicIdentity {
  signSk: string;
  boxSk: string;
  createdAt: string;
}

const INVITE_PREFIX = 'tvid1.';
const NAME_MAX = 80;

export const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
export const unb64 = (text: string) => new Uint8Array(Buffer.from(text, 'base64'));

export function newIdentity(sodium: Sodium, name: string, now = new Date()): Identity {
  const sign = sodium.crypto_sign_keypair();
  const box = sodium.crypto_box_keypair();
  return { name: cleanName(name), signPk: b64(sign.publicKey), boxPk: b64(box.publicKey), signSk: b64(sign.privateKey), boxSk: b64(box.privateKey), createdAt: now.toISOString() };
}

export function cleanName(name: string): string {
  const clean = name.replace(/[\p{Cc}\p{Cf}]/gu, '').trim().slice(0, NAME_MAX);
  if (!clean) throw new TeamError('BAD_INVITE', 'A person needs a name others will recognise (give one with --name).');
  return clean;
}

export const publicPart = (id: PublicIdentity): PublicIdentity => ({ name: id.name, signPk: id.signPk, boxPk: id.boxPk });

/** 20 bytes of BLAKE2b over both public keys, as ten groups of four hex digits: 80 bits to compare. */
export function fingerprint(sodium: Sodium, id: Pick<PublicIdentity, 'signPk' | 'boxPk'>): string {
  const hash = sodium.crypto_generichash(20, new Uint8Array([...unb64(id.signPk), ...unb64(id.boxPk)]), null);
  return (Buffer.from(hash).toString('hex').match(/.{4}/g) ?? []).join(' ');
}

/** The fingerprint without spaces: how members are keyed in member lists. */
export const memberKey = (sodium: Sodium, id: Pick<PublicIdentity, 'signPk' | 'boxPk'>) => fingerprint(sodium, id).replace(/ /g, '');

const inviteBody = (id: PublicIdentity) => `tokenvault-invite/1\n${id.name}\n${id.signPk}\n${id.boxPk}`;

export function inviteCode(sodium: Sodium, id: Identity): string {
  const sig = sodium.crypto_sign_detached(new TextEncoder().encode(inviteBody(id)), unb64(id.signSk));
  return INVITE_PREFIX + Buffer.from(JSON.stringify({ n: id.name, s: id.signPk, b: id.boxPk, g: b64(sig) })).toString('base64url');
}

/** The public identity an invite code carries, or BAD_INVITE with what is wrong with it. */
export function readInviteCode(sodium: Sodium, code: string): PublicIdentity {
  const text = code.trim();
  if (!text.startsWith(INVITE_PREFIX)) throw new TeamError('BAD_INVITE', 'That is not a Token Vault invite code (they start with "tvid1."); ask for the one "tokenvault identity" prints.');
  let raw: { n?: unknown; s?: unknown; b?: unknown; g?: unknown };
  try {
    raw = JSON.parse(Buffer.from(text.slice(INVITE_PREFIX.length), 'base64url').toString('utf8'));
  } catch {
    throw new TeamError('BAD_INVITE', 'The invite code is cut short or mistyped; ask for it again.');
  }
  if (typeof raw.n !== 'string' || typeof raw.s !== 'string' || typeof raw.b !== 'string' || typeof raw.g !== 'string') throw new TeamError('BAD_INVITE', 'The invite code is cut short or mistyped; ask for it again.');
  const id: PublicIdentity = { name: raw.n, signPk: raw.s, boxPk: raw.b };
  const signPk = unb64(id.signPk);
  const sig = unb64(raw.g);
  const ok =
    signPk.length === sodium.crypto_sign_PUBLICKEYBYTES &&
    unb64(id.boxPk).length === sodium.crypto_box_PUBLICKEYBYTES &&
    sig.length === sodium.crypto_sign_BYTES &&
    sodium.crypto_sign_verify_detached(sig, new TextEncoder().encode(inviteBody(id)), signPk);
  if (!ok) throw new TeamError('BAD_INVITE', `The invite code for "${id.name.slice(0, NAME_MAX)}" was altered: its name and keys do not match its signature. Ask that person for a new one, in person or by a channel you trust.`);
  return { ...id, name: cleanName(id.name) };
}
