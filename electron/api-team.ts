// The team screens' part of the contract (electron/api.ts lists the methods): what crosses to
// the renderer about identities, members and offboarding. Names, roles and fingerprints only;
// never a key, never a secret. Strict like every shape in api.ts.
import { z } from 'zod';

const text = (max: number) => z.string().max(max);
const isoInstant = z.string().max(40);
/** Ten groups of four hex digits, as electron/team/identity.ts prints them. */
const fingerprint = z.string().regex(/^[0-9a-f]{4}( [0-9a-f]{4}){9}$/);
export const teamRoleSchema = z.enum(['manager', 'member']);

export const teamIdentitySchema = z
  .object({ name: text(80), fingerprint, invite: text(1000), createdAt: isoInstant })
  .strict();
export type TeamIdentity = z.infer<typeof teamIdentitySchema>;

export const teamMemberSchema = z.object({ name: text(80), role: teamRoleSchema, fingerprint, you: z.boolean() }).strict();
export type TeamMember = z.infer<typeof teamMemberSchema>;

/** A token a removed member could read whose secret is still the one they saw. */
export const exposedTokenSchema = z
  .object({
    id: z.string().min(1).max(64),
    name: text(200),
    kind: text(40),
    rotatable: z.boolean(),
    leavers: z.array(text(80)).max(1000),
    /** Its address is not the one it was added with; who last set it, as the place's signed files show. */
    addressChanged: z.boolean(),
    addressSetBy: text(80).nullable(),
    /**
     * Why rotation will not send it to its address: who last set it (null: no signed change names
     * anyone) and when they were removed; null when it may be rotated there. The renderer words it.
     */
    held: z.object({ setBy: text(80).nullable(), removedAt: isoInstant.nullable(), instance: text(2000).nullable() }).strict().nullable(),
  })
  .strict();
export type ExposedToken = z.infer<typeof exposedTokenSchema>;

export const teamStatusSchema = z
  .object({
    teamId: text(128),
    teamName: text(80),
    role: teamRoleSchema.nullable(),
    place: z.object({ kind: z.enum(['folder', 'git']), where: text(4096) }).strict(),
    members: z.array(teamMemberSchema).max(1000),
    removed: z.array(z.object({ name: text(80), at: isoInstant, by: text(80) }).strict()).max(1000),
    exposed: z.array(exposedTokenSchema).max(100_000),
    /** This person was removed: the copy no longer syncs. */
    removedMe: z.object({ by: text(80), at: isoInstant }).strict().nullable(),
  })
  .strict();
export type TeamStatus = z.infer<typeof teamStatusSchema>;

/** What a team sync said beyond counts: the loud warnings (a changed key) and refusals, each a sentence. */
export const teamSyncNoticeSchema = z
  .object({ warnings: z.array(text(2000)).max(100), refused: z.array(text(2000)).max(100), offline: text(1000).nullable(), changed: z.number().int() })
  .strict();
export type TeamSyncNotice = z.infer<typeof teamSyncNoticeSchema>;

/** One entry of the team's audit log, as its author's signature proves it. Never a secret. */
export const teamLogRowSchema = z
  .object({
    at: isoInstant,
    /** The act in words ("copied", "handed to git"), the same as `tokenvault team log` prints. */
    what: text(100),
    action: text(40),
    entryId: text(64).nullable(),
    /** The token's name at the time (or the member's, for a change to the members). */
    entryName: text(200).nullable(),
    detail: text(300).nullable(),
    author: text(80),
    fingerprint,
    standing: z.enum(['member', 'removed']),
    /** Yours, made here and not yet sent with a team sync. */
    pending: z.boolean(),
  })
  .strict();
export type TeamLogRow = z.infer<typeof teamLogRowSchema>;

/** The log (newest first) and each part of it that was refused or is missing, in a sentence naming who and what. */
export const teamLogSchema = z.object({ rows: z.array(teamLogRowSchema).max(100_000), problems: z.array(text(2000)).max(1000) }).strict();
export type TeamLogView = z.infer<typeof teamLogSchema>;

export const invitePreviewSchema = z.object({ name: text(80), fingerprint }).strict();

export const rotationOutcomeSchema = z.object({ name: text(200), rotated: z.boolean(), message: text(2000) }).strict();
export type RotationOutcomeView = z.infer<typeof rotationOutcomeSchema>;

/** Progress of "Rotate all of them", one event per token done. */
export interface TeamRotationProgress {
  done: number;
  total: number;
  last: RotationOutcomeView;
}
