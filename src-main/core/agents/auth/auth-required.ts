/** Pure: what a user reads when an agent refuses to start a session until they sign in (ACP auth_required). */
export const authRequiredMessage = (agentName: string, agentSays: string): string =>
  `${agentName} needs you to sign in before it can start (it said: ${agentSays}). Open Settings → Agents, choose Sign in for ${agentName}, or give it an API key.`;
