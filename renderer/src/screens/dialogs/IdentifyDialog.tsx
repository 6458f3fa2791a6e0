// Identify…: a token found in a log or a chat, pasted here — its kind by prefix, which stored
// tokens hold it (compared main-side in constant time; no secret comes back), what GitLab says
// (asked with the token itself), and, while GitLab still accepts it, a way to revoke it.
import { useState } from 'react';
import type { ResultOf } from '../../../../electron/api';
import { call, problemOf, type Problem } from '../../client';
import { Dialog } from '../../components/Dialog';
import { ProblemText } from '../../components/ProblemText';
import { useApp } from '../../store';

export function IdentifyDialog({ onClose }: { onClose(): void }) {
  const [secret, setSecret] = useState('');
  const [instance, setInstance] = useState('');
  const [result, setResult] = useState<ResultOf<'tokensIdentify'> | null>(null);
  const [error, setError] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const ask = async (revoke: boolean) => {
    setBusy(true);
    setError(null);
    try {
      const r = await call('tokensIdentify', { secret, ...(instance.trim() ? { instance: instance.trim() } : {}), ...(revoke ? { revoke } : {}) });
      setResult(r);
      if (r.revoked) for (const e of await call('tokensList', {})) useApp.getState().upsertEntry(e);
    } catch (e) {
      setError(problemOf(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog title="Identify a token" onClose={onClose} description="Paste a token you found, in a log or a chat. Token Vault says what it is, whether this vault holds it, and what GitLab says; nothing is stored.">
      <form className="identify-form" onSubmit={(e) => { e.preventDefault(); void ask(false); }}>
        <label>
          Token
          <input type="password" autoComplete="off" spellCheck={false} autoFocus value={secret} onChange={(e) => { setSecret(e.target.value); setResult(null); }} />
        </label>
        <label>
          GitLab address <span className="muted">(when no stored token holds it)</span>
          <input type="url" placeholder="https://gitlab.example.com" value={instance} onChange={(e) => setInstance(e.target.value)} />
        </label>
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>Close</button>
          <button type="submit" className="primary" disabled={busy || !secret.trim()}>{busy ? 'Asking…' : 'Identify'}</button>
        </div>
      </form>
      {error ? <ProblemText problem={error} /> : null}
      {result ? (
        <dl className="identify-result" data-testid="identify-result">
          <dt>Kind</dt>
          <dd>{result.kind}</dd>
          <dt>In this vault</dt>
          <dd>{result.inVault.length ? result.inVault.map((e) => `“${e.name}”`).join(', ') : 'No stored token has it.'}</dd>
          <dt>GitLab</dt>
          <dd>{result.gitlab ?? 'Not asked.'}</dd>
        </dl>
      ) : null}
      {result?.live && !result.revoked ? (
        <p className="warning" role="note">
          GitLab still accepts this token.{' '}
          <button type="button" className="danger" disabled={busy} onClick={() => void ask(true)}>Revoke it on GitLab</button>
        </p>
      ) : null}
    </Dialog>
  );
}
