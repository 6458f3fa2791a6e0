// When a wizard step may be visited: once every step before it has what the next one needs.
// Its own file so the steps and the wizard share it without importing each other.
import type { Draft, DraftFields } from '../../../electron/api';

type Step = NonNullable<DraftFields['step']>;

export function stepsComplete(fields: DraftFields, draft: Draft | null): Record<Step, boolean> {
  const needsTarget = fields.kind === 'project' || fields.kind === 'group';
  // A replacement keeps the scopes of the token it replaces, so it needs no purpose.
  const purpose = (!!fields.purpose || !!fields.replaces) && !!fields.name?.trim() && !!fields.instance?.trim() && (!needsTarget || !!fields.target?.trim());
  return { purpose, scopes: !!fields.scopes?.length, expiry: !!fields.expiresAt, create: true, paste: !!draft?.hasSecret, store: false, where: false };
}
