// Which stored entries hold a given secret — for a token found in a log or a chat. Every entry is
// compared, as SHA-256 digests of equal length with a constant-time compare, so the time taken says
// nothing about how much of a stored secret matched; no secret leaves this function.
import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

export function entriesHolding(vault: { list(): Array<{ id: string }>; readSecret(id: string): string }, secret: string): string[] {
  const wanted = digest(secret);
  const found: string[] = [];
  for (const e of vault.list()) if (timingSafeEqual(digest(vault.readSecret(e.id)), wanted)) found.push(e.id);
  return found;
}
