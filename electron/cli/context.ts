// What every `tokenvault` command gets: where the vault is, how to ask for a password or a
// secret, and how to print. Commands in electron/cli/*.ts register on the commander program
// and use only this, so each command file stays small and testable by spawning the CLI.
import type { Command } from 'commander';
import type { AgentClient } from '../agent/client';
import type { AgentTarget } from '../agent/endpoint';
import type { Vault } from '../vault/vault';
import type { VaultAccess } from './access';

export interface Prompter {
  /** Reads a hidden line on a terminal, or the next line of standard input otherwise. */
  secret(label: string): Promise<string>;
  /**
   * Asks a yes/no question on a terminal (default no). Returns null without reading anything
   * when standard input is not a terminal, so piped input keeps cli.md's prompt order.
   */
  confirm(question: string): Promise<boolean | null>;
  /** Stops reading standard input, if it was read at all. */
  close?(): void;
}

export interface CliContext {
  /** The vault file chosen by --vault, TOKENVAULT_VAULT or the desktop app's default. */
  vaultPath(): string;
  /** --no-password or TOKENVAULT_NO_PASSWORD=1: the script relies on the agent, and no master password is read. */
  noPassword(): boolean;
  /** Whether an unlocked agent may stand in for the master password: on a terminal, or with noPassword(). Piped input starts with the password either way. */
  mayUseAgent(): boolean;
  /** Opens the vault and unlocks it with the master password (the first prompt); refused with noPassword(). */
  openUnlocked(): Promise<Vault>;
  /** The vault's id, from its header (no password): it names the vault's agent. */
  /** The vault file's agent identity (its id and which file it is): names the agent's socket. */
  agentTarget(): Promise<AgentTarget>;
  /** The agent serving this vault (locked or not), or null; closed when the command ends. */
  agent(): Promise<AgentClient | null>;
  /** The unlocked agent when there is one, else the vault opened here with the master password. */
  access(): Promise<VaultAccess>;
  /** The vault opened here with the master password (openUnlocked()), whatever agent there is: for what the agent leaves to the password. */
  openDirect(): Promise<VaultAccess>;
  /** Locks what this command opened and drops the agent connection, before a long wait or a child process. */
  letGo(): void;
  /** Registers a vault the command opened itself, so it is locked and closed on exit. */
  track(vault: Vault): Vault;
  /**
   * After unlock: makes the vault's files and backups owner-only and says so once on standard
   * error when any were readable by others (files from an older version).
   */
  secureFiles(vault: Vault): Promise<void>;
  prompt: Prompter;
  /** A warning on standard error (each distinct one once per run); the command goes on. */
  warn(text: string): void;
  /** A line of human text on standard output. */
  out(text: string): void;
  /** One JSON document on standard output. */
  json(value: unknown): void;
  /** Progress for long work: shown only when standard error is a terminal. */
  progress(text: string): void;
}

/** Exit statuses of cli.md. */
export const EXIT = {
  ok: 0,
  failed: 1,
  usage: 2,
  wrongPassword: 3,
  damaged: 4,
  gitlab: 5,
} as const;

/** An error the CLI prints as one sentence on standard error and exits with. */
export class CliError extends Error {
  constructor(
    readonly exitCode: number,
    message: string,
  ) {
    super(message);
  }
}

export type RegisterCommands = (program: Command, ctx: CliContext) => void;
