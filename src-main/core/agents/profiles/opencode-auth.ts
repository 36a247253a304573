import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { AgentSignIn } from './agent-profile';

/**
 * opencode keeps its logins per provider in `$XDG_DATA_HOME/opencode/auth.json`
 * (`{"anthropic": {"type": "oauth", …}, "openai": {"type": "api", "key": …}}`), written by
 * `opencode auth login`; a provider is also usable with its key variable set, or when
 * opencode.json configures it.
 */
export const opencodeAuthFile = (env: NodeJS.ProcessEnv, home: string): string =>
  path.join(env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'), 'opencode', 'auth.json');

/** The key variables of the providers most people use with opencode (its own list is models.dev's). */
export const OPENCODE_PROVIDER_KEYS: Readonly<Record<string, string>> = {
  anthropic: 'ANTHROPIC_API_KEY',
  openai: 'OPENAI_API_KEY',
  google: 'GEMINI_API_KEY',
  openrouter: 'OPENROUTER_API_KEY',
  groq: 'GROQ_API_KEY',
  mistral: 'MISTRAL_API_KEY',
  deepseek: 'DEEPSEEK_API_KEY',
  xai: 'XAI_API_KEY',
};

export interface ProviderCredentialSeen {
  id: string;
  signedIn: boolean;
  via: string;
  envVar: string | null;
}

/** Pure over the files it is given: each known provider, whether it has credentials and where they are. */
export function opencodeProviders(env: NodeJS.ProcessEnv, home: string): ProviderCredentialSeen[] {
  const fromFile = new Map<string, string>();
  try {
    const parsed: unknown = JSON.parse(readFileSync(opencodeAuthFile(env, home), 'utf8'));
    if (parsed && typeof parsed === 'object') {
      for (const [id, entry] of Object.entries(parsed)) {
        const type = entry && typeof entry === 'object' && 'type' in entry && typeof entry.type === 'string' ? entry.type : 'login';
        fromFile.set(id, `auth.json (${type === 'api' ? 'API key' : type === 'oauth' ? 'login' : type})`);
      }
    }
  } catch {
    // No logins yet.
  }
  const configured = configuredProviders(env);
  const ids = [...new Set([...Object.keys(OPENCODE_PROVIDER_KEYS), ...fromFile.keys(), ...configured])];
  return ids.map((id) => {
    const envVar = OPENCODE_PROVIDER_KEYS[id] ?? null;
    const file = fromFile.get(id);
    if (file) return { id, signedIn: true, via: file, envVar };
    if (envVar && env[envVar]) return { id, signedIn: true, via: envVar, envVar };
    if (configured.includes(id)) return { id, signedIn: true, via: 'opencode config', envVar };
    return { id, signedIn: false, via: envVar ? `no login, ${envVar} not set` : 'no login', envVar };
  });
}

/** Providers an inline config (OPENCODE_CONFIG_CONTENT) defines with their own options: they bring their own key. */
function configuredProviders(env: NodeJS.ProcessEnv): string[] {
  if (!env.OPENCODE_CONFIG_CONTENT) return [];
  try {
    const parsed = JSON.parse(env.OPENCODE_CONFIG_CONTENT) as { provider?: Record<string, unknown> };
    return Object.keys(parsed.provider ?? {});
  } catch {
    return [];
  }
}

export const opencodeSignIn: AgentSignIn = {
  keyVars: Object.values(OPENCODE_PROVIDER_KEYS),
  credentialFiles: (env, home) => [opencodeAuthFile(env, home)],
  credentialsElsewhere: (env) => (configuredProviders(env).length ? 'opencode has a provider set in its config' : null),
  login: { program: 'self', args: ['auth', 'login'] },
};
