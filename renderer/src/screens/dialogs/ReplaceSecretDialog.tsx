// Replace secret: for a token renewed (or re-created) on GitLab's website. The new token is
// pasted here and goes straight to main; the entry keeps its name, history and where-used.
// GitLab is then asked about the new token at once, so its expiry and scopes replace the old
// token's; when GitLab cannot answer, the entry stays unverified and the dialog says so.
import { useState, type FormEvent } from 'react';
import type { Entry } from '../../../../electron/api';
import { call, messageOf, problemOf, type Problem } from '../../client';
import { Dialog } from '../../components/Dialog';
import { ProblemText } from '../../components/ProblemText';
import { formatDay } from '../../lib/dates';
import { useApp } from '../../store';

export function ReplaceSecretDialog({ entry, onClose }: { entry: Entry; onClose(): void }) {
  const [secret, setSecret] = useState('');
  const [error, setError] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    let updated: Entry;
    try {
      updated = await call('tokensReplaceSecret', { id: entry.id, secret });
      setSecret('');
      useApp.getState().upsertEntry(updated);
    } catch (err) {
      setError(problemOf(err));
      setBusy(false);
      return;
    }
    const { upsertEntry, toast } = useApp.getState();
    if (!updated.instance) {
      toast({ tone: 'success', text: `Stored the new token for “${entry.name}”. It has no GitLab address, so its expiry was not checked.` });
      return onClose();
    }
    try {
      const { entry: checked, finding } = await call('gitlabVerify', { id: entry.id });
      upsertEntry(checked);
      toast(
        finding.ok
          ? { tone: 'success', text: `Stored the new token for “${entry.name}”. GitLab says: ${finding.expiresAt ? `expires ${formatDay(finding.expiresAt)}` : 'no expiry'}; ${finding.scopes?.join(', ') || 'no scopes'}.` }
          : { tone: 'warning', text: `Stored the new token for “${entry.name}”, but GitLab did not accept it: ${finding.message}` },
      );
    } catch (err) {
      toast({ tone: 'warning', text: `Stored the new token for “${entry.name}”; GitLab could not be asked about it (${messageOf(err).replace(/\.$/, '')}), so the expiry shown is still the old token's until you verify it.` });
    }
    onClose();
  };
  return (
    <Dialog title={`Replace the token in “${entry.name}”`} onClose={onClose} description="For a token you renewed or re-created on GitLab’s website. Its name, history and where it is used stay as they are.">
      <form onSubmit={save} className="form-grid">
        <label className="field">
          <span>New token</span>
          <input type="password" autoFocus autoComplete="off" spellCheck={false} value={secret} onChange={(e) => setSecret(e.target.value)} placeholder="glpat-…" />
        </label>
        {error ? <ProblemText problem={error} /> : null}
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="submit" className="primary" disabled={busy || !secret.trim()}>{busy ? 'Asking GitLab…' : 'Replace token'}</button>
        </div>
      </form>
    </Dialog>
  );
}
