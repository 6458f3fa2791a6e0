// How bytes reach an instance: directly, or through HTTPS_PROXY unless NO_PROXY exempts the
// host; TLS trusts the system roots plus any extra CA certificates, and — for one instance
// only — a certificate the user accepted by its SHA-256 fingerprint. There is deliberately no
// "ignore TLS" switch: an untrusted certificate fails with its fingerprint so the user can
// compare it with the one their admin gives them.
import { rootCertificates, type TLSSocket } from 'node:tls';
import { Agent, ProxyAgent, buildConnector, type Dispatcher } from 'undici';
import { GitLabError } from './errors';

export interface TransportOptions {
  /** PEM certificates to trust in addition to the system's (self-managed CAs). */
  extraCaPem?: string[];
  /** SHA-256 fingerprint ("AB:CD:…", any case, colons optional) of a certificate to accept for this instance. */
  trustedFingerprint?: string | null;
  /** Proxy variables; default process.env. */
  env?: Record<string, string | undefined>;
  connectTimeoutMs?: number;
}

export const normaliseFingerprint = (fp: string): string =>
  fp.replace(/[^0-9a-f]/gi, '').toUpperCase().replace(/(..)(?!$)/g, '$1:');

/** The proxy for this origin per HTTPS_PROXY/HTTP_PROXY and NO_PROXY (curl's rules), or null. */
export function proxyFor(origin: URL, env: Record<string, string | undefined>): string | null {
  const pick = (...keys: string[]) => keys.map((k) => env[k]).find((v) => v && v.trim()) ?? null;
  const proxy = origin.protocol === 'https:' ? pick('https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY') : pick('http_proxy', 'HTTP_PROXY');
  if (!proxy) return null;
  const noProxy = pick('no_proxy', 'NO_PROXY') ?? '';
  const host = origin.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = origin.port || (origin.protocol === 'https:' ? '443' : '80');
  for (const raw of noProxy.split(/[,\s]+/).filter(Boolean)) {
    if (raw === '*') return null;
    const m = /^(.*?)(?::(\d+))?$/.exec(raw.toLowerCase().replace(/^\*?\./, '.'));
    const entry = (m?.[1] ?? '').replace(/^\[|\]$/g, '');
    if (m?.[2] && m[2] !== port) continue;
    if (entry.startsWith('.') ? host.endsWith(entry) || host === entry.slice(1) : host === entry || host.endsWith(`.${entry}`)) return null;
  }
  return proxy;
}

/** The proxy's address for messages: never its credentials. */
export const describeProxy = (proxy: string): string => {
  try {
    return new URL(proxy).origin;
  } catch {
    return 'configured in HTTPS_PROXY';
  }
};

export function buildDispatcher(origin: URL, opts: TransportOptions): { dispatcher: Dispatcher; viaProxy: string | null } {
  const ca = opts.extraCaPem?.length ? [...rootCertificates, ...opts.extraCaPem] : undefined;
  const timeout = opts.connectTimeoutMs ?? 10_000;
  const proxy = proxyFor(origin, opts.env ?? process.env);
  if (proxy) {
    // Through a tunnel only CA trust applies; a pinned fingerprint is not honoured there, so
    // such a connection fails closed with the usual certificate error.
    const dispatcher = new ProxyAgent({ uri: proxy, requestTls: { ...(ca ? { ca } : {}), timeout }, proxyTls: { timeout } });
    return { dispatcher, viaProxy: describeProxy(proxy) };
  }
  const pinned = opts.trustedFingerprint ? normaliseFingerprint(opts.trustedFingerprint) : null;
  // Verification is done here rather than by OpenSSL's reject flag so that a refusal can
  // report the certificate's fingerprint; an unverified socket is destroyed before any byte
  // of the request (and so the token) is written to it.
  // No TLS session resumption: a resumed session shows no peer certificate, so neither the
  // pin nor the fingerprint in a refusal could be checked (keep-alive still reuses sockets).
  const base = buildConnector({ ...(ca ? { ca } : {}), timeout, rejectUnauthorized: false, maxCachedSessions: 0 });
  const connect: buildConnector.connector = (connectOpts, callback) =>
    base(connectOpts, (err, socket) => {
      if (err || !socket) return callback(err ?? new Error('no socket'), null);
      if (connectOpts.protocol !== 'https:') return callback(null, socket);
      const tls = socket as TLSSocket;
      if (tls.authorized) return callback(null, socket);
      const fingerprint = tls.getPeerCertificate()?.fingerprint256 ?? '';
      if (pinned && fingerprint && normaliseFingerprint(fingerprint) === pinned) return callback(null, socket);
      const reason = String(tls.authorizationError ?? 'unverified');
      socket.destroy();
      const what = pinned
        ? `does not match the fingerprint trusted for this instance`
        : `is not trusted (${reason})`;
      callback(
        new GitLabError('tls', `The TLS certificate of ${connectOpts.hostname} ${what}; its SHA-256 fingerprint is ${fingerprint || 'unknown'}, which you can compare with the one your GitLab admin gives you before trusting it.`, {
          fingerprint,
        }),
        null,
      );
    });
  return { dispatcher: new Agent({ connect }), viaProxy: null };
}
