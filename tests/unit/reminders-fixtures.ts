// Entries for the reminders tests: only what the reminders layer reads varies.
import type { EntryOverview } from '../../electron/vault/types';

let counter = 0;

export function entry(overrides: Partial<EntryOverview> = {}): EntryOverview {
  counter += 1;
  return {
    id: `entry-${counter}`,
    name: `token ${counter}`,
    kind: 'personal',
    instance: 'https://gitlab.example.com',
    scopes: ['read_api'],
    expiresAt: null,
    description: '',
    usedIn: [],
    leadDays: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    lastVerifiedAt: null,
    lastUsedAt: null,
    revoked: false,
    gitlab: { tokenId: null, userId: null, username: null, target: null, accessLevel: null, active: null, revoked: null },
    pendingRotation: null, followUp: null,
    history: [],
    ...overrides,
  };
}
