// Actions more than one screen uses.
import type { Entry } from '../../electron/api';
import { call, messageOf } from './client';
import { useApp } from './store';
import { readDraft, saveDraft } from './wizard/draft-calls';

export async function copyEntry(entry: Pick<Entry, 'id' | 'name' | 'status'>): Promise<void> {
  const { toast } = useApp.getState();
  // A dead token is still copyable (someone may need it for a record), but never "success".
  const dead = entry.status === 'revoked' ? 'it is revoked, so GitLab will refuse it' : entry.status === 'expired' ? 'it has expired, so GitLab will refuse it' : null;
  try {
    const { clearAfterSeconds } = await call('tokensCopy', { id: entry.id });
    toast({
      tone: dead ? 'warning' : 'success',
      text: dead ? `Copied “${entry.name}”, but ${dead}.` : `Copied “${entry.name}”.`,
      entryId: entry.id,
      ...(clearAfterSeconds > 0 ? { clearsAt: Date.now() + clearAfterSeconds * 1000 } : {}),
    });
  } catch (error) {
    toast({ tone: 'error', text: messageOf(error) });
  }
}

/**
 * Starts the wizard for a replacement of `entry`: its name, kind, instance, target, scopes
 * and where-used carried over, at the expiry step; the token made goes into `entry` itself. A draft holding a pasted token is never
 * overwritten: the wizard opens on it instead, and says so.
 */
export async function startReplacement(entry: Entry): Promise<void> {
  const { toast, setView } = useApp.getState();
  try {
    const draft = await readDraft();
    if (draft?.hasSecret) {
      toast({ tone: 'info', text: 'A pasted token is waiting in New token; store or discard it first.' });
    } else {
      const kind = entry.kind === 'project' || entry.kind === 'group' ? entry.kind : 'personal';
      // `replaces`: stored into this token (its history, where-used and follow-up stay), never beside it.
      await saveDraft({
        step: 'expiry', purpose: '', name: entry.name, kind, instance: entry.instance ?? 'https://gitlab.com', target: entry.gitlab.target ?? '',
        scopes: entry.scopes, expiresAt: null, description: entry.description.slice(0, 255), usedIn: entry.usedIn, replaces: entry.id,
      });
    }
    setView('wizard');
  } catch (error) {
    toast({ tone: 'error', text: messageOf(error) });
  }
}
