// The CLI's and the credential helper's side of the agent: find the agent for a vault file (by
// the vault's id and the file), check its folder is ours and connect through the checked
// handle before saying anything (the master password may be what we send), then one JSON
// line per call. Absent, stale or refusing agents are null:
// the caller falls back to asking for the password.
import net from 'node:net';
import type { ApiResult, ArgsOf, MethodName, ResultOf } from '../api';
import { endpointFor, openEndpoint, type AgentTarget } from './endpoint';
import type { AgentArgs, AgentMethodName, AgentResult } from './protocol';
import { LineReader } from './line-reader';
import { PROTOCOL_VERSION } from './wire';

/** How long a call may go unanswered before the client gives up (git must never hang on a stuck agent). */
export const CALL_TIMEOUT_MS = 30_000;
/** Calls that may wait for a person (the app's Allow dialog), a key derivation or GitLab. */
export const PATIENT_TIMEOUT_MS = 180_000;
const PATIENT = new Set(['agentRelease', 'gitCredential', 'vaultUnlock', 'gitlabVerify', 'gitlabRotate', 'gitlabRevoke']);

export function callTimeoutMs(method: string, env: NodeJS.ProcessEnv = process.env): number {
  return Number(env.TOKENVAULT_AGENT_TIMEOUT_MS) || (PATIENT.has(method) ? PATIENT_TIMEOUT_MS : CALL_TIMEOUT_MS);
}

/** Longer than any answer the agent gives (a 64 KiB secret, a page of release rows). */
const MAX_ANSWER_BYTES = 8 * 1024 * 1024;

export class AgentClient {
  private waiting: ((line: string | null) => void)[] = [];
  private lines: string[] = [];
  private closed = false;
  /** Set by close(): unlike a connection the agent closed while idle, this one is not reopened. */
  private letGo = false;

  private constructor(
    private socket: net.Socket,
    readonly target: AgentTarget,
    private readonly env: NodeJS.ProcessEnv,
  ) {
    this.attach(socket);
  }

  private attach(socket: net.Socket): void {
    this.socket = socket;
    this.closed = false;
    const reader = new LineReader(MAX_ANSWER_BYTES, {
      line: (line) => {
        const next = this.waiting.shift();
        if (next) next(line);
        else this.lines.push(line);
        return true;
      },
      tooLong: () => socket.destroy(),
    });
    socket.on('data', (chunk: Buffer) => reader.push(chunk));
    const end = () => {
      if (this.socket !== socket) return;
      this.closed = true;
      for (const next of this.waiting.splice(0)) next(null);
    };
    socket.on('close', end);
    socket.on('error', end);
  }

  /** Connects to the agent of that vault file, or null when there is none (or its folder is not safe to talk to). */
  static async connect(target: AgentTarget, env: NodeJS.ProcessEnv = process.env, timeoutMs = 2000): Promise<AgentClient | null> {
    let opened: { address: string; release(): void };
    try {
      opened = openEndpoint(endpointFor(target, env));
    } catch {
      return null; // no agent, or a folder or socket not safe to talk to
    }
    return new Promise((resolve) => {
      const socket = net.connect(opened.address);
      let settled = false;
      const settle = (client: AgentClient | null) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        opened.release();
        resolve(client);
      };
      const timer = setTimeout(() => {
        socket.destroy();
        settle(null);
      }, timeoutMs);
      socket.once('connect', () => {
        socket.removeAllListeners('error');
        settle(new AgentClient(socket, target, env));
      });
      socket.once('error', () => settle(null));
    });
  }

  private async raw(method: string, args: unknown): Promise<ApiResult<unknown>> {
    if (this.closed && !this.letGo && this.waiting.length === 0) {
      // The agent closes connections that sit silent (a person at a password prompt, say): open a new one.
      const fresh = await AgentClient.connect(this.target, this.env);
      if (fresh) this.attach(fresh.socket);
    }
    if (this.closed) return { ok: false, error: { code: 'AGENT_GONE', message: 'The agent went away.' } };
    const answer = new Promise<string | null>((resolve) => {
      const line = this.lines.shift();
      if (line !== undefined) resolve(line);
      else this.waiting.push(resolve);
    });
    this.socket.write(`${JSON.stringify({ v: PROTOCOL_VERSION, vaultId: this.target.vaultId, method, args, pid: process.pid })}\n`);
    const limitMs = callTimeoutMs(method, this.env);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), limitMs)));
    const line = await Promise.race([answer, timedOut]);
    clearTimeout(timer);
    if (line === 'timeout') {
      // A late answer would be taken for the next call's: this connection is done.
      this.socket.destroy();
      const seconds = Math.round(limitMs / 1000);
      return { ok: false, error: { code: 'AGENT_TIMEOUT', message: `The agent did not answer within ${seconds} second${seconds === 1 ? '' : 's'}; it may be stuck: end its process (or quit the app) and try again.` } };
    }
    if (line === null) return { ok: false, error: { code: 'AGENT_GONE', message: 'The agent went away before it answered.' } };
    try {
      return JSON.parse(line) as ApiResult<unknown>;
    } catch {
      return { ok: false, error: { code: 'AGENT_GARBLED', message: 'The agent answered something unreadable.' } };
    }
  }

  call<M extends MethodName>(method: M, args: ArgsOf<M>): Promise<ApiResult<ResultOf<M>>>;
  call<M extends AgentMethodName>(method: M, args: AgentArgs<M>): Promise<ApiResult<AgentResult<M>>>;
  call(method: string, args: unknown): Promise<ApiResult<unknown>> {
    return this.raw(method, args);
  }

  /** Any method name and arguments, unchecked here: the agent checks them. */
  request(method: string, args: unknown): Promise<ApiResult<unknown>> {
    return this.raw(method, args);
  }

  close(): void {
    this.closed = true;
    this.letGo = true;
    this.socket.end();
  }
}
