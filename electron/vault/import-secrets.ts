// The passwords of an import file are its secrets, and the one place they are kept is each
// entry's sealed secret. Every other field an import keeps (name, description, usedIn, scopes,
// URL, the plan's and the errors' sentences) is shown by list and show with no release logged.
// A user who pasted a token into the notes too, or a database whose user name equals its
// password, would put it there: this cuts them out. And a password field holding a token and
// more text ("oauth2  glpat-…") is not a token GitLab would accept, nor text the import may
// split without guessing which part is secret: it is refused, never spread over fields.
import { tokenShape } from './token-shape';

/** Shorter passwords are not looked for in other fields: cutting "ab" out of every note would wreck them, and say nothing of value. */
export const SHORTEST_CUT = 4;

/** Stands in the text for a password of the file that was left out. */
export const PASSWORD_LEFT_OUT = '(a password was left out)';

/**
 * A run of text holds a password as a word between punctuation: "token=…", "(…)", quotes; then,
 * looking closer, between the parts of an address or path ("Root/…", "…@host", "?t=…&").
 */
const WORDS_IN_RUN = [/[^"'`()<>[\]{},;=]+/gu, /[^"'`()<>[\]{},;=/\\:@?&#|]+/gu];
const KEY_LENGTHS = 256;
/** The separators of the finest pieces (WORDS_IN_RUN's last, and spaces) below 128. */
const ASCII_SEPARATOR = new Uint8Array(128);
for (const c of '\t\n\v\f\r "\'`()<>[]{},;=/\\:@?&#|') ASCII_SEPARATOR[c.charCodeAt(0)] = 1;

/** A character the finest pieces of text end at: WORDS_IN_RUN's last punctuation, or what \s matches (Unicode spaces too). */
function isSeparator(code: number): boolean {
  if (code < 128) return ASCII_SEPARATOR[code] === 1;
  return code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}

/** The longest of the finest pieces of `text` (runs of no separator), or "" when it has none. */
function longestPiece(text: string): string {
  let best = '';
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i < text.length && !isSeparator(text.charCodeAt(i))) continue;
    if (i - start > best.length) best = text.slice(start, i);
    start = i + 1;
  }
  return best;
}

const PUNCTUATION = /["'`()<>[\]{},;=/\\:@?&#|]/u;

/**
 * What a password field holds: one unbroken word (every token), a GitLab token among other
 * words (refused: which part is the secret cannot be told, and GitLab refuses the whole), or
 * words without a token (a passphrase: kept whole, but no GitLab token by the import rule, even
 * under a GitLab address, since a token is one word).
 */
export function passwordShape(password: string): 'word' | 'token-among-words' | 'words' {
  const text = password.trim();
  if (!/\s/u.test(text)) return 'word';
  return text.split(/\s+/u).some((word) => tokenShape(word) !== null) ? 'token-among-words' : 'words';
}

/** Why such a row is refused (never the text). */
export const TOKEN_AMONG_WORDS =
  'its password holds a GitLab token and other text (a token is one unbroken word, and which part is the secret cannot be told); leave only the token in the password field and import again';

/**
 * A control character other than a tab (C0, DEL, C1), or an invisible one (zero-width spaces and
 * joiners, direction marks, embeddings, overrides and isolates, a BOM): no token has one, git's
 * credential protocol (one line per field) cannot carry a line break, and an invisible one makes
 * a token GitLab refuses look like one it takes.
 */
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/;

/** Why a password field cannot be imported as a secret (never its text), or null. */
export function passwordRefusal(password: string): string | null {
  if (passwordShape(password) === 'token-among-words') return TOKEN_AMONG_WORDS;
  if (CONTROL.test(password.trim())) {
    return 'its password holds a line break, a NUL or another control or invisible character (such as a zero-width space or a direction mark), which no token has and git cannot be handed; remove it and import again';
  }
  return null;
}

/** The file's passwords, to cut from the fields of every entry. */
export class FileSecrets {
  private readonly words = new Set<string>();
  /** One piece of each password (its longest): a text none of whose pieces is one holds none of them as a word. */
  private readonly keys = new Set<string>();
  /** keyLengths[n]: some key is n characters long (longer ones share the last place). */
  private readonly keyLengths = new Uint8Array(KEY_LENGTHS + 1);
  /** Passwords made of punctuation alone (no piece to look for): looked for as they are. */
  private readonly bare: string[] = [];

  constructor(passwords: Iterable<string>) {
    for (const raw of passwords) {
      const password = raw.trim();
      if (password.length < SHORTEST_CUT || this.words.has(password)) continue;
      this.words.add(password);
      const key = longestPiece(password);
      if (!key) {
        this.bare.push(password);
        continue;
      }
      this.keys.add(key);
      this.keyLengths[Math.min(key.length, KEY_LENGTHS)] = 1;
    }
  }

  /**
   * `text` with the entry's own password cut wherever it is (`own`, glued to other text too), and
   * any password of the file cut where it stands as a word (between spaces or punctuation such
   * as "=", quotes, brackets). `cut`: something was.
   */
  cut(text: string, own: string): { text: string; cut: boolean } {
    let out = text;
    let cut = false;
    const mine = own.trim();
    if (mine.length >= SHORTEST_CUT && out.includes(mine)) {
      out = out.split(mine).join(PASSWORD_LEFT_OUT);
      cut = true;
    }
    if (this.words.size === 0 || !out || !this.anyIn(out)) return { text: out, cut };
    const result = out.replace(/\S+/gu, (run) => {
      if (this.words.has(run)) return PASSWORD_LEFT_OUT;
      if (!PUNCTUATION.test(run)) return run;
      let kept = run;
      for (const words of WORDS_IN_RUN) kept = kept.replace(words, (word) => (this.words.has(word) ? PASSWORD_LEFT_OUT : word));
      return kept;
    });
    return { text: result, cut: cut || result !== out };
  }

  /**
   * False when no password of the file can stand as a word in `text`: one scan of its pieces for
   * the passwords' keys, building no text (most fields hold none). True may be a false alarm;
   * cut() then looks word by word.
   */
  private anyIn(text: string): boolean {
    // By hand, not a regex's exec: an import's fields are tens of thousands, and only a piece as
    // long as some key is cut out and looked up.
    let start = 0;
    for (let i = 0; i <= text.length; i++) {
      if (i < text.length && !isSeparator(text.charCodeAt(i))) continue;
      const length = i - start;
      if (length > 0 && this.keyLengths[Math.min(length, KEY_LENGTHS)] && this.keys.has(text.slice(start, i))) return true;
      start = i + 1;
    }
    return this.bare.length > 0 && this.bare.some((password) => text.includes(password));
  }

  /** Whether `text` holds a password of the file (the entry's own anywhere; another's as a word). */
  holds(text: string, own: string): boolean {
    return this.cut(text, own).cut;
  }
}

/** The plan's line for a field a password was cut from (row and field, never the text). */
export const passwordNote = (where: string, field: string) => `${where}: a password from this file in ${field} was left out`;
