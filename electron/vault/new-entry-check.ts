// A fast yes for a new entry's check. zod checks every entry added against newEntrySchema; for
// a 10,000-token import that is a sixth of the rows' CPU (its machinery per field, an issue
// list and defaults per entry). This is the same schema written as plain code for the inputs
// imports and forms give — a plain object whose fields are absent, null where allowed, or of
// the right type within bounds — and it returns what zod would: the name trimmed, the address
// normalised, the strings of a list trimmed, defaults filled in, unknown fields dropped, in the
// schema's key order. Anything else (kind facts, a value it would refuse, an object of a class)
// gets null, and zod checks it and says what is wrong in its own words. The predicates are the
// schema's own (types.ts); tests/unit/new-entry-check.test.ts holds this to zod's output on
// every field set to each of many values and on thousands of random mutations.
import type { z } from 'zod';
import { TOKEN_KINDS, type TokenKind } from './token-kinds';
import {
  CONTROL_CHARACTER, DESCRIPTION_MAX, ISO_DATE, isRealDate, LEAD_DAYS_MAX, LEAD_TIMES_MAX, NAME_MAX, type newEntrySchema,
  normaliseInstance, PLACE_MAX, PLACES_MAX, SCOPE_MAX, SCOPES_MAX,
} from './types';

type ValidEntry = z.output<typeof newEntrySchema>;

const KINDS: ReadonlySet<unknown> = new Set(TOKEN_KINDS);
/** Signals "not this path's to answer": zod then checks the input. */
const ZOD = null;

/** A list of strings, each trimmed to 1..max characters, at most maxItems of them: a new array, or null. */
function trimmedStrings(value: unknown, max: number, maxItems: number): string[] | null {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.length > maxItems) return ZOD;
  const out: string[] = [];
  // By index, as zod reads it: a sparse array's hole is an undefined element.
  for (let i = 0; i < value.length; i++) {
    const item: unknown = value[i];
    if (typeof item !== 'string') return ZOD;
    const trimmed = item.trim();
    if (trimmed.length < 1 || trimmed.length > max) return ZOD;
    out.push(trimmed);
  }
  return out;
}

function leadDays(value: unknown): number[] | null | undefined {
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value) || value.length > LEAD_TIMES_MAX) return undefined;
  const out: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const days: unknown = value[i];
    if (typeof days !== 'number' || !Number.isSafeInteger(days) || days < 0 || days > LEAD_DAYS_MAX) return undefined;
    out.push(days);
  }
  return out;
}

/** An import's rows share a few addresses: each answer is kept, a few hundred at most (normaliseInstance is a pure function of the text). */
const addresses = new Map<string, string | null>();
function instance(value: unknown): string | null | undefined {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') return undefined;
  let normalised = addresses.get(value);
  if (normalised === undefined) {
    if (addresses.size >= 256) addresses.clear();
    normalised = normaliseInstance(value);
    addresses.set(value, normalised);
  }
  // Refused as zod's transform refuses: whatever normaliseInstance does not make an address of.
  return normalised || undefined;
}

/** newEntrySchema's output for `input`, or null when zod must decide (and word any refusal). */
export function fastNewEntry(input: unknown): ValidEntry | null {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return ZOD;
  const prototype: unknown = Object.getPrototypeOf(input);
  if (prototype !== Object.prototype && prototype !== null) return ZOD;
  const v = input as Record<string, unknown>;
  if (typeof v.name !== 'string') return ZOD;
  const name = v.name.trim();
  if (name.length < 1 || name.length > NAME_MAX || CONTROL_CHARACTER.test(name)) return ZOD;
  const kind = v.kind === undefined ? 'other' : v.kind;
  if (!KINDS.has(kind)) return ZOD;
  const address = instance(v.instance);
  if (address === undefined) return ZOD;
  const scopes = trimmedStrings(v.scopes, SCOPE_MAX, SCOPES_MAX);
  if (!scopes) return ZOD;
  const expiresAt = v.expiresAt === undefined ? null : v.expiresAt;
  if (expiresAt !== null && (typeof expiresAt !== 'string' || !ISO_DATE.test(expiresAt) || !isRealDate(expiresAt))) return ZOD;
  const description = v.description === undefined ? '' : v.description;
  if (typeof description !== 'string' || description.length > DESCRIPTION_MAX) return ZOD;
  const usedIn = trimmedStrings(v.usedIn, PLACE_MAX, PLACES_MAX);
  if (!usedIn) return ZOD;
  const lead = leadDays(v.leadDays);
  if (lead === undefined) return ZOD;
  // Kind facts are zod's alone (a strict object of their own).
  if (v.facts !== undefined && v.facts !== null) return ZOD;
  return { name, kind: kind as TokenKind, instance: address, scopes, expiresAt, description, usedIn, leadDays: lead, facts: null };
}
