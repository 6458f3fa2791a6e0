// The CLI's and the credential helper's side of the agent: find the agent for a vault (by
// the vault's id), check its folder is ours before saying anything (the master password may
// be what we send), then one JSON line per call. Absent, stale or refusing agents are null:
// the caller falls back to asking for the password.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { ApiResult, ArgsOf, MethodName, ResultOf } from '../api';
import { assertPrivateDir, endpointFor } from './endpoint';
import type { AgentArgs, AgentMethodName, AgentResult } from './protocol';
import { PROTOCOL_VERSION } from './wire';

export class AgentClient {
  private buffered = '';
  private waiting: ((line: string | null) => void)[] = [];
  private lines: string[] = [];
  private closed = false;

  private constructor(
    private readonly socket: net.Socket,
    readonly vaultId: string,
  ) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      this.buffered += chunk;
      let newline: number;
      while ((newline = this.buffered.indexOf('\n')) >= 0) {
        const line = this.buffered.slice(0, newline);
        this.buffered = this.buffered.slice(newline + 1);
        const next = this.waiting.shift();
        if (next) next(line);
        else this.lines.push(line);
      }
    });
    const end = () => {
      this.closed = true;
      for (const next of this.waiting.splice(0)) next(null);
    };
    socket.on('close', end);
    socket.on('error', end);
  }

  /** Connects to the agent of `vaultId`, or null when there is none (or its folder is not safe to talk to). */
  static async connect(vaultId: string, env: NodeJS.ProcessEnv = process.env, timeoutMs = 2000): Promise<AgentClient | null> {
    const endpoint = endpointFor(vaultId, env);
    if (process.platform !== 'win32') {
      try {
        assertPrivateDir(path.dirname(endpoint));
        const stat = fs.lstatSync(endpoint);
        if (!stat.isSocket() || stat.uid !== process.getuid!()) return null;
      } catch {
        return null;
      }
    }
    return new Promise((resolve) => {
      const socket = net.connect(endpoint);
      const timer = setTimeout(() => {
        socket.destroy();
        resolve(null);
      }, timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        resolve(new AgentClient(socket, vaultId));
      });
      socket.once('error', () => {
        clearTimeout(timer);
        resolve(null);
      });
    });
  }

  private async raw(method: string, args: unknown): Promise<ApiResult<unknown>> {
    if (this.closed) return { ok: false, error: { code: 'AGENT_GONE', message: 'The agent went away.' } };
    const answer = new Promise<string | null>((resolve) => {
      const line = this.lines.shift();
      if (line !== undefined) resolve(line);
      else this.waiting.push(resolve);
    });
    this.socket.write(`${JSON.stringify({ v: PROTOCOL_VERSION, vaultId: this.vaultId, method, args, pid: process.pid })}\n`);
    const line = await answer;
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
    this.socket.end();
  }
}
