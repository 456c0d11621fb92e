// Slack's IDs, as every reader of them checks them: the environment, the policy file, the Slack
// edge. One pattern each, so a value one reader accepts no other refuses.

/** A channel: public (C…), private (G…) or a direct message (D…). */
export const CHANNEL_ID = /^[CGD][A-Z0-9]{2,}$/;
/** A user (U…), or an Enterprise Grid user (W…). */
export const USER_ID = /^[UW][A-Z0-9]{2,}$/;
/** A user group (S…). */
export const GROUP_ID = /^S[A-Z0-9]{2,}$/;

export const isChannelId = (v: string): boolean => CHANNEL_ID.test(v);
export const isUserId = (v: string): boolean => USER_ID.test(v);
export const isGroupId = (v: string): boolean => GROUP_ID.test(v);

/** Who may decide: Slack users and user groups. */
export interface Approvers {
  users: string[];
  groups: string[];
}

/**
 * Sorts IDs into users and groups; `refuse(id)` makes the error for an ID that is neither (the
 * environment throws a ConfigError, the policy file a PolicyError).
 */
export function approversOf(ids: readonly string[], refuse: (id: string) => Error): Approvers {
  const out: Approvers = { users: [], groups: [] };
  for (const id of ids) {
    if (isUserId(id)) out.users.push(id);
    else if (isGroupId(id)) out.groups.push(id);
    else throw refuse(id);
  }
  return out;
}
