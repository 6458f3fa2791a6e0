// Actions more than one screen uses.
import type { Entry } from '../../electron/api';
import { call, messageOf } from './client';
import { useApp } from './store';

export async function copyEntry(entry: Pick<Entry, 'id' | 'name'>): Promise<void> {
  const { toast } = useApp.getState();
  try {
    const { clearAfterSeconds } = await call('tokensCopy', { id: entry.id });
    toast({
      tone: 'success',
      text: `Copied “${entry.name}”.`,
      entryId: entry.id,
      ...(clearAfterSeconds > 0 ? { clearsAt: Date.now() + clearAfterSeconds * 1000 } : {}),
    });
  } catch (error) {
    toast({ tone: 'error', text: messageOf(error) });
  }
}
