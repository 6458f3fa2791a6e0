// Sync's state in the words the top bar and Settings use (the sentence comes from main).
import type { SyncState } from '../../../electron/api';

export const STATE_WORDS: Record<SyncState['state'], string> = {
  off: 'Not syncing',
  never: 'Not synced yet',
  synced: 'Synced',
  syncing: 'Syncing…',
  offline: 'Offline',
  'needs-password': 'Needs the new password',
  paused: 'Sync paused',
  refused: 'Sync problem',
  error: 'Sync problem',
};

/** Which colour the state wears: fine, waiting, or needs the person. */
export const STATE_TONE: Record<SyncState['state'], 'ok' | 'wait' | 'warn'> = {
  off: 'wait',
  never: 'wait',
  synced: 'ok',
  syncing: 'wait',
  offline: 'warn',
  'needs-password': 'warn',
  paused: 'wait',
  refused: 'warn',
  error: 'warn',
};
