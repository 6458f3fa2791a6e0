// The shapes of GitLab's answers that Token Vault reads. Validated on arrival, so "a 200 with
// unexpected JSON" (a captive portal, a different API on the same host) fails with a sentence
// rather than writing nonsense into the vault. Unknown fields pass through; scopes stay
// plain strings because GitLab adds new ones faster than any client's type list.
import { z } from 'zod';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const tokenSchema = z.looseObject({
  id: z.number().int(),
  name: z.string(),
  description: z.string().nullish(),
  revoked: z.boolean(),
  active: z.boolean().optional(),
  created_at: z.string(),
  last_used_at: z.string().nullish(),
  expires_at: day.nullable(),
  scopes: z.array(z.string()),
  user_id: z.number().int().optional(),
  access_level: z.number().int().optional(),
  /** Fine-grained (granular) token, where GitLab has them (entities/personal_access_token.rb). */
  granular: z.boolean().optional(),
});
export type GitLabToken = z.infer<typeof tokenSchema>;

/** Create and rotate answers: the only place the secret appears. */
export const tokenWithSecretSchema = tokenSchema.extend({ token: z.string().min(8) });
export type GitLabTokenWithSecret = z.infer<typeof tokenWithSecretSchema>;

export const userSchema = z.looseObject({
  id: z.number().int(),
  username: z.string(),
  name: z.string().optional(),
  bot: z.boolean().optional(),
  is_admin: z.boolean().optional(),
});
export type GitLabUser = z.infer<typeof userSchema>;

export const versionSchema = z.looseObject({ version: z.string(), revision: z.string().optional() });
