import type { AuthMethodView } from '../../../../src-preload/contract';
import type { AgentSignIn } from '../profiles/agent-profile';

export interface AdvertisedAuthMethod {
  id: string;
  name: string;
  description: string | null;
  type: string | null;
  args: string[];
  /** The variables of an `env_var` method. */
  vars: string[];
}

const looksLikeApiKey = (m: AdvertisedAuthMethod) => /api[ _-]?key/i.test(`${m.id} ${m.name}`);

/** An agent often names the variable in its method's description ("Requires setting the `OPENAI_API_KEY` environment variable"). */
const variableNamedIn = (text: string | null): string | null => /\b([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*_(?:API_KEY|KEY|TOKEN))\b/.exec(text ?? '')?.[1] ?? null;

/**
 * Pure: the sign-in methods to show for an agent, by name. What the agent advertised in
 * `initialize` comes first, each classified: a terminal login (ACP `type: "terminal"`), an API
 * key (the profile says which variable it goes into), or one the agent handles itself. A key
 * variable of the profile that no advertised method covers is offered as a method of its own,
 * so an agent that advertises nothing (Claude Code with a key) still gets a key field.
 */
export function authMethodViews(
  advertised: readonly AdvertisedAuthMethod[],
  signIn: AgentSignIn | undefined,
  env: NodeJS.ProcessEnv,
  /** false where keys are set per provider instead (opencode's provider list). */
  addKeyField = true,
): AuthMethodView[] {
  const views: AuthMethodView[] = advertised.map((m) => {
    const envVar =
      m.type === 'terminal' ? null : (m.vars[0] ?? signIn?.keyMethods?.[m.id] ?? (looksLikeApiKey(m) || m.type === 'env_var' ? variableNamedIn(m.description) : null));
    const kind: AuthMethodView['kind'] = m.type === 'terminal' ? 'terminal' : envVar ? 'api-key' : 'agent';
    return { id: m.id, name: m.name, description: m.description, kind, envVar, keySet: envVar !== null && Boolean(env[envVar]) };
  });
  const covered = new Set(views.map((v) => v.envVar).filter(Boolean));
  // The first key variable stands for the agent's own provider; more would crowd the list.
  const primary = addKeyField ? signIn?.keyVars[0] : undefined;
  if (primary && !covered.has(primary)) {
    views.push({ id: `env:${primary}`, name: `API key (${primary})`, description: null, kind: 'api-key', envVar: primary, keySet: Boolean(env[primary]) });
  }
  return views;
}

/**
 * Pure: a command line as a user would type it in the platform's terminal: arguments with spaces
 * or quotes quoted for a POSIX shell, or on Windows the way programs there split their command
 * line (double quotes; a quote escaped with a backslash, backslashes before it doubled).
 */
export function displayCommand(command: string, args: readonly string[], platform: NodeJS.Platform = process.platform): string {
  const posix = (a: string) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replaceAll("'", `'\\''`)}'`);
  const windows = (a: string) =>
    /^[\w@%+=:,./\\-]+$/.test(a) ? a : `"${a.replace(/(\\*)"/g, '$1$1\\"').replace(/(\\+)$/, '$1$1')}"`;
  return [command, ...args].map(platform === 'win32' ? windows : posix).join(' ');
}
