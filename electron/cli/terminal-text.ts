// Human text for a terminal. Much of what the CLI prints was written by someone else — a
// description or "for what" a program on the agent's socket set, an imported file's fields, a
// team member's name — and a terminal obeys control characters: ESC [8m hides the rest of a
// line, CR overwrites it, OSC sequences set the title or (in some terminals) the clipboard.
// Each one is shown as a visible escape instead; tab and newline stay. JSON output needs none.
// So are Unicode's bidirectional controls ("Trojan Source"): an override or isolate reorders how
// the rest of the line looks, so a log line could show another token's name or hide its "ran:".

// C0 but tab and newline, DEL, C1 (an 8-bit CSI is an escape sequence to some terminals), and
// the bidi marks, embeddings, overrides and isolates (ALM, LRM, RLM, LRE…RLO, LRI…PDI).
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function visibleText(text: string): string {
  return text.replace(CONTROL, (c) => (c === '\r' ? '\\r' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}
