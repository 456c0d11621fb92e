// The credential the gate presents: the api-token input, else a GitHub OIDC token, which
// needs `permissions: id-token: write` in the workflow and no stored secret.
import * as core from '@actions/core';

const oidcReuseMs = 4 * 60 * 1000;

/** `oidcAvailable`: the runner gave the job what it needs to ask for an OIDC token (Settings.oidcAvailable). */
export function createTokenProvider(apiToken: string | undefined, audience: string, oidcAvailable: boolean): () => Promise<string> {
  if (apiToken) return () => Promise.resolve(apiToken);
  if (!oidcAvailable) {
    throw new Error(
      "server-url is set but api-token is empty and the job cannot request a GitHub OIDC token. Set api-token, or add 'permissions: id-token: write' to the job.",
    );
  }
  // OIDC tokens live minutes; a long wait asks for a fresh one now and then.
  let cached: { token: string; at: number } | undefined;
  return async () => {
    if (cached && Date.now() - cached.at < oidcReuseMs) return cached.token;
    try {
      cached = { token: await core.getIDToken(audience), at: Date.now() };
    } catch (error) {
      throw new Error(`Requesting a GitHub OIDC token failed: ${(error as Error).message}`);
    }
    return cached.token;
  };
}
