// What the user pasted into the wizard, checked before it is kept: trimmed, refused with a
// sentence that says what to do when it cannot be a token, and its kind told by prefix
// (never by length: newer GitLab tokens are longer and may contain dots).
import { kindMismatch, tokenShape } from '../vault/token-shape';
import { ServiceError } from './errors';

/** The longest thing we accept as a token; GitLab's are well under 200 characters. */
const MAX_TOKEN_CHARS = 1024;

export interface PasteCheck {
  secret: string;
  prefix: string | null;
  /** A plain description of what the prefix says it is, or null if unknown. */
  detected: string | null;
  /** Sentences about the paste that do not stop it being stored (wrong kind, unknown prefix). */
  warnings: string[];
}

export function checkPastedToken(raw: string, expectedKind: string | undefined): PasteCheck {
  // Copying from a web page often brings a newline or spaces at either end; drop only those.
  const secret = raw.replace(/^[\s\u200b\ufeff]+|[\s\u200b\ufeff]+$/g, '');
  if (!secret) throw new ServiceError('PASTE_EMPTY', 'Nothing was pasted. Copy the token from GitLab and paste it here.');
  if (secret.length > MAX_TOKEN_CHARS) {
    throw new ServiceError('PASTE_TOO_LONG', `That is ${secret.length} characters, far too long for a token. Paste only the token.`);
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(secret) || /^www\./i.test(secret)) {
    throw new ServiceError('PASTE_IS_URL', 'That is a web address, not a token. Copy the token GitLab showed you, not the page address.');
  }
  if (/\s/.test(secret)) {
    throw new ServiceError('PASTE_HAS_SPACES', 'That has spaces or line breaks in the middle; a token is one unbroken word. Paste only the token.');
  }
  if (/[\u0000-\u001f\u007f]/.test(secret)) {
    throw new ServiceError('PASTE_CONTROL', 'That contains invisible control characters; copy the token again.');
  }
  // A custom instance prefix (routable shape, no known prefix) is still a GitLab token.
  const known = tokenShape(secret);
  const warnings: string[] = [];
  if (!known) {
    warnings.push('This does not start with a GitLab token prefix (such as glpat-); check you copied the right thing.');
  } else if (expectedKind) {
    const mismatch = kindMismatch(secret, expectedKind);
    if (mismatch) warnings.push(mismatch);
  }
  return { secret, prefix: known?.prefix ?? null, detected: known?.label ?? null, warnings };
}
