// The release log in words: to what a token went, which program asked, and who handed it
// out — no ids, no ISO instants (the screen formats `at` on this computer's clock).
import type { Release } from '../../../electron/api';

const TO: Record<Release['purpose'], string> = {
  git: 'git',
  run: 'a program started by “tokenvault run”',
  copy: 'the clipboard (“tokenvault copy”)',
  show: 'a terminal (“tokenvault copy --stdout”)',
  gitlab: 'GitLab (verify, rotate or revoke, asked for by a program)',
};

const BY: Record<Release['via'], string> = {
  agent: 'the background agent (“tokenvault unlock”)',
  app: 'this app',
  cli: 'the command line, with the master password typed',
};

export const releasedTo = (r: Release): string => TO[r.purpose] ?? r.purpose;
export const releasedBy = (r: Release): string => BY[r.via] ?? r.via;

/** The program's file name ("git-remote-https", "node"), its folder left out; null when unknown. */
export function programName(exe: string | null): string | null {
  if (!exe) return null;
  const name = exe.split(/[\\/]/).filter(Boolean).pop();
  return name ? name.replace(/ \(deleted\)$/, '') : null;
}

/**
 * "Asked by node (process 4242)" or "" when nothing is known about the asking process;
 * "(process 4242, as it claimed)" when the kernel could not confirm the pid.
 */
export function askedBy(r: Release): string {
  const program = programName(r.peerExe);
  const claimed = r.peerSource === 'claimed' ? ', as it claimed' : '';
  if (program && r.peerPid !== null) return `Asked by ${program} (process ${r.peerPid}${claimed})`;
  if (program) return `Asked by ${program}`;
  if (r.peerPid !== null) return `Asked by process ${r.peerPid}${claimed}`;
  return '';
}
