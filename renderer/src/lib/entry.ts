// Facts about an entry the screens share.
import type { Entry } from '../../../electron/api';

/** Whether GitLab can be asked about this token (verify, rotate, revoke). */
export const isGitLabManaged = (e: Entry): boolean => e.instance !== null && (e.kind === 'personal' || e.kind === 'project' || e.kind === 'group');

/** "Unverified" matters only for tokens GitLab could have confirmed. */
export const showUnverified = (e: Entry): boolean => isGitLabManaged(e) && e.lastVerifiedAt === null && e.status !== 'revoked';
