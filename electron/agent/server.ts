// The agent's endpoint: one vault's handler table on a Unix socket (a named pipe on Windows).
// The app and the headless agent both serve through this, with the same dispatch the
// renderer's IPC uses, so a request over the socket is checked exactly as one from the UI.
// Framing: one JSON request per line, one JSON answer per line, in order.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { ApiResult } from '../api';
import { dispatch, toApiError, type HandlerTable } from '../ipc';
import { createAgentHandlers, type AgentHandlers, type AgentHost } from './agent-methods';
import { assertPrivateDir, ensurePrivateDir } from './endpoint';
import { claimEndpoint, watchEndpoint, type EndpointWatch } from './endpoint-claim';
import { LineReader } from './line-reader';
import { describePeer, kernelPeer, type PeerInfo } from './peer';
import { agentMethods, CONTRACT_METHODS_OVER_SOCKET, isAgentMethod, MAX_REQUEST_BYTES, requestSchema, type AgentRequest } from './protocol';
import { answerToSocket, guardSocketCall } from './socket-policy';
import { isMethodName } from '../api';

export interface AgentServerOptions extends AgentHost {
  endpoint: string;
  table: HandlerTable;
  /** Each request, answered or not: the headless agent's "still wanted" signal. */
  onActivity?: () => void;
  /** A connection silent this long, or holding half a request this long, is closed (default IDLE_MS). */
  idleMs?: number;
  /** Watch that the socket path still names us and the vault file is still the one held (endpoint-claim.ts). */
  watch?: Omit<EndpointWatch, 'endpoint'>;
}

/** Real clients send one request and wait; a minute of silence is someone holding a slot. */
export const IDLE_MS = 60_000;
/** Our clients never send a line the agent cannot read: a few are a bug, more are an attack. */
export const MAX_BAD_LINES = 4;
/** Requests read ahead of their answers, per connection; past this the agent stops reading it. */
const MAX_QUEUED = 16;
/** Connections at once: a program opening thousands cannot run the agent out of files. */
const MAX_CONNECTIONS = 256;

/**
 * Requests that may release a secret, (tokensAdd, tokensRestoreOldSecret) offer the master
 * password or a stored token's secret as a token, or make a change the person is asked about
 * (socket-acts.ts), so the log must say who asked: their peer is looked up in the kernel.
 */
const KERNEL_PEER_METHODS = new Set<string>(['agentRelease', 'gitCredential', 'gitlabVerify', 'gitlabRotate', 'gitlabRevoke', 'tokensAdd', 'tokensRemove', 'tokensUpdate', 'settingsUpdate', 'tokensRestoreOldSecret', 'trashRestore']);

/** The app is unlocked in its own window, never over the socket: its screen would still show "locked". */
const HEADLESS_ONLY = new Set<string>(['vaultUnlock']);

export interface AgentServer {
  endpoint: string;
  close(): Promise<void>;
}

const fail = (code: string, message: string): ApiResult<never> => ({ ok: false, error: { code, message } });


/** A line as a request, or the answer to a line that is not one. */
function readRequest(line: string): { ok: true; value: AgentRequest } | ApiResult<never> {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return fail('BAD_REQUEST', 'The agent got something that is not a request.');
  }
  const request = requestSchema.safeParse(raw);
  if (!request.success) return fail('BAD_REQUEST', 'The agent got a malformed request.');
  return { ok: true, value: request.data };
}

async function answer(options: AgentServerOptions, handlers: AgentHandlers, request: AgentRequest, peerOf: (method: string, pid?: number) => Promise<PeerInfo>): Promise<ApiResult<unknown>> {
  const { vaultId, method, args, pid } = request;
  if (vaultId.toLowerCase() !== options.vaultId.toLowerCase()) {
    return fail('VAULT_MISMATCH', 'This agent holds a different vault than the one asked for.');
  }
  const peer = await peerOf(method, pid);
  if (!peer.sameUser) return fail('PEER_REFUSED', 'The agent serves only its own user.');
  // A connection held by processes that are not one tree: whoever reads the answer cannot be named.
  if (peer.unrelated) return fail('PEER_REFUSED', `The agent answers no such request on a connection that unrelated processes hold (pids ${peer.holders?.join(', ')}).`);
  if (isAgentMethod(method)) {
    const parsed = agentMethods[method].args.safeParse(args ?? {});
    if (!parsed.success) return fail('INVALID_ARGS', `The request was malformed: ${parsed.error.issues[0]?.message ?? 'bad arguments'}`.slice(0, 1000));
    try {
      const value = await (handlers[method] as (a: unknown, p: PeerInfo) => Promise<unknown>)(parsed.data, peer);
      const checked = agentMethods[method].result.safeParse(value);
      if (!checked.success) return fail('INTERNAL', 'The agent produced an answer it should not have; nothing was sent.');
      return { ok: true, value: checked.data };
    } catch (error) {
      return { ok: false, error: toApiError(error) };
    }
  }
  if (!isMethodName(method) || !CONTRACT_METHODS_OVER_SOCKET.has(method)) return fail('UNKNOWN_METHOD', 'The agent does not answer that request.');
  if (!options.headless && HEADLESS_ONLY.has(method)) return fail('AGENT_IS_APP', 'The desktop app holds this vault: unlock it in the app.');
  return (await guardSocketCall(options, method, args, peer)) ?? answerToSocket(options, method, await dispatch(options.table, method, args), peer);
}

/**
 * One connection: lines read linearly (line-reader.ts), answered one at a time in order.
 * Closed on a line too long, too many unreadable lines, silence, or a request left half-sent.
 */
function serveConnection(socket: net.Socket, options: AgentServerOptions, handlers: AgentHandlers, sockets: Set<net.Socket>): void {
  sockets.add(socket);
  socket.once('close', () => {
    sockets.delete(socket);
    if (timer) clearTimeout(timer);
  });
  socket.on('error', () => socket.destroy());
  const idleMs = options.idleMs ?? IDLE_MS;
  let chain = Promise.resolve();
  let queued = 0;
  let badLines = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  /** When the line now half-sent began: a byte now and then must not keep half a request open. */
  let partialSince: number | null = null;
  // The kernel's word on who is at the other end, asked at each request that may release a secret
  // or change the vault: a connection can be handed on between two requests (the first holder exits).
  const peerOf = (method: string, pid?: number) => (KERNEL_PEER_METHODS.has(method) ? kernelPeer(socket, pid) : Promise.resolve(describePeer(pid)));
  const refuse = (result: ApiResult<never>) => {
    if (timer) clearTimeout(timer);
    // Answer, then close. What the client still sends is read and dropped for a moment (the
    // reader has stopped): closing on unread data would reset the connection and lose the answer.
    socket.end(`${JSON.stringify(result)}\n`);
    setTimeout(() => socket.destroy(), 1000).unref();
  };
  /**
   * Silence for idleMs closes, and so does a line left half-sent idleMs after its first byte
   * (trickled, it would hold a slot for ever); never while an answer is being worked out (an
   * Allow dialog may wait minutes).
   */
  const arm = () => {
    if (timer) clearTimeout(timer);
    const wait = partialSince === null ? idleMs : Math.max(0, partialSince + idleMs - Date.now());
    timer = queued === 0 ? setTimeout(() => socket.destroy(), wait) : null;
  };
  const reader = new LineReader(MAX_REQUEST_BYTES, {
    tooLong: () => refuse(fail('TOO_LARGE', 'The request is larger than any the agent accepts.')),
    line: (line) => {
      options.onActivity?.();
      const request = readRequest(line);
      if (!request.ok) {
        if (++badLines > MAX_BAD_LINES) {
          refuse(fail('TOO_MANY_BAD_REQUESTS', 'The agent closed this connection: too many requests it could not read.'));
          return false;
        }
      }
      queued++;
      if (queued >= MAX_QUEUED) socket.pause();
      // One at a time per connection, so answers come back in the order asked.
      chain = chain.then(async () => {
        const result = request.ok ? await answer(options, handlers, request.value, peerOf) : request;
        if (!socket.destroyed && socket.writable) socket.write(`${JSON.stringify(result)}\n`);
        queued--;
        if (queued < MAX_QUEUED && socket.isPaused() && !socket.writableEnded) socket.resume();
        if (queued === 0) arm();
      });
      return true;
    },
  });
  socket.on('data', (chunk: Buffer) => {
    const endsALine = chunk.includes(10);
    reader.push(chunk);
    // A line still unfinished started with this chunk if it ended one (or none was pending).
    partialSince = !reader.partial ? null : endsALine || partialSince === null ? Date.now() : partialSince;
    // Something arrived: restart the clock (arm() leaves it off while requests are being answered).
    arm();
  });
  arm();
}

export async function startAgentServer(options: AgentServerOptions): Promise<AgentServer> {
  const { endpoint } = options;
  const isPipe = process.platform === 'win32';
  if (!isPipe) ensurePrivateDir(path.dirname(endpoint));
  const handlers = createAgentHandlers(options);
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => serveConnection(socket, options, handlers, sockets));
  server.maxConnections = MAX_CONNECTIONS;
  await claimEndpoint(server, endpoint);
  let ours: fs.Stats | null = null;
  if (!isPipe) {
    fs.chmodSync(endpoint, 0o600);
    ours = fs.lstatSync(endpoint);
    // Checked again after binding: the folder must still be ours alone.
    assertPrivateDir(path.dirname(endpoint));
  }
  const stopWatch = options.watch ? watchEndpoint({ endpoint, ...options.watch }) : () => undefined;
  return {
    endpoint,
    close: () =>
      new Promise<void>((resolve) => {
        stopWatch();
        // end(), not destroy(): an answer already written (agentStop's own) still reaches its client.
        for (const socket of sockets) socket.end();
        const force = setTimeout(() => sockets.forEach((s) => s.destroy()), 500);
        force.unref();
        // Node unlinks the socket path on close. If another agent's socket is there now, step
        // it aside for that moment, so closing ours never removes theirs.
        const aside = ours && !pathIsStill(endpoint, ours) ? `${endpoint}.keep-${process.pid}` : null;
        if (aside) moveQuietly(endpoint, aside);
        server.close(() => {
          if (aside) {
            try {
              fs.linkSync(aside, endpoint);
            } catch {
              // someone bound there meanwhile: theirs stays
            }
            fs.rmSync(aside, { force: true });
          }
          resolve();
        });
      }),
  };
}

function pathIsStill(endpoint: string, ours: fs.Stats): boolean {
  try {
    const now = fs.lstatSync(endpoint);
    return now.ino === ours.ino && now.dev === ours.dev;
  } catch {
    return true; // nothing there: nothing to protect
  }
}

function moveQuietly(from: string, to: string): void {
  try {
    fs.renameSync(from, to);
  } catch {
    // gone already
  }
}
