// The release log in words: to what a token went, which program asked, and who handed it
// out — no ids, no ISO instants (the screen formats `at` on this computer's clock).
import type { Release } from '../../../electron/api';

const TO: Record<Release['purpose'], string> = {
  git: 'git',
  run: 'a program started by “tokenvault run”',
  copy: 'the clipboard (“tokenvault copy”)',
  show: 'a terminal (“tokenvault copy --stdout”)',
  gitlab: 'GitLab (verify, rotate or revoke, asked for by a program)',
  refused: 'nowhere: a program offered the master password as a token to store, and it was refused',
  changed: 'nobody: a program changed it (what it did is below)',
};

const BY: Record<Release['via'], string> = {
  agent: 'the background agent (“tokenvault unlock”)',
  app: 'this app',
  cli: 'the command line, with the master password typed',
};

/** The app's own Copy and Reveal (no other program asked). */
const IN_APP: Partial<Record<Release['purpose'], string>> = { copy: 'the clipboard (Copy in this app)', show: 'the screen (Reveal in this app)' };

export const releasedTo = (r: Release): string => (r.via === 'app' && r.peerPid === null ? IN_APP[r.purpose] : undefined) ?? TO[r.purpose] ?? r.purpose;
export const releasedBy = (r: Release): string => BY[r.via] ?? r.via;

/** The program's file name ("git-remote-https", "node"), its folder left out; null when unknown. */
export function programName(exe: string | null): string | null {
  if (!exe) return null;
  const name = exe.split(/[\\/]/).filter(Boolean).pop();
  return name ? name.replace(/ \(deleted\)$/, '') : null;
}

/**
 * "Asked by git (fetching or pushing)", "Asked by the program “curl”", or "" when nothing is known
 * about the asking program; "(as it said of itself)" when the system could not confirm it. The
 * process number stays in the tooltip (ReleaseLog), not in the sentence.
 */
export function askedBy(r: Release): string {
  const program = programName(r.peerExe);
  const claimed = r.peerSource === 'claimed' ? ', as it said of itself' : '';
  if (program) return `Asked by ${PROGRAM_WORDS[program] ?? `the program “${program}”`}${claimed}`;
  if (r.peerPid !== null) return `Asked by a program Token Vault could not name${claimed}`;
  return '';
}

/** Programs people know by another name: git's helpers, the Node.js that runs scripts and the CLI. */
const PROGRAM_WORDS: Record<string, string> = {
  git: 'git',
  'git-remote-https': 'git (fetching or pushing)',
  'git-remote-http': 'git (fetching or pushing)',
  'git-credential-tokenvault': 'git',
  node: 'a Node.js script or the tokenvault command',
  tokenvault: 'the tokenvault command',
};
