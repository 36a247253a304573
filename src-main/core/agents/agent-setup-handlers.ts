import type { AgentSandbox } from '../sandbox/agent-sandbox';
import { AppError } from '../errors';
import type { HandlerGroup } from '../rpc/handlers-type';
import type { AgentPool } from '../sessions/agent-pool';
import type { AgentAuthService } from './auth/agent-auth-service';
import { toAgentInfo, type AgentCatalog } from './catalog/agent-catalog';
import type { NpmInstaller } from './install/npm-installer';
import { AGENT_PROFILES, profileById } from './profiles/profiles';
import type { NpmPackage } from './profiles/agent-profile';

/**
 * Getting agents running from the app: install, update and remove npm-published agents in
 * BooCoder's own folder, and sign them in (methods, keys, interactive logins).
 */
export function agentSetupHandlers(deps: {
  catalog: AgentCatalog;
  pool: AgentPool;
  installer: NpmInstaller;
  auth: AgentAuthService;
  sandbox: AgentSandbox;
}): HandlerGroup<'agents.install' | 'agents.uninstall' | 'agents.auth' | 'agents.setKey' | 'agents.signIn' | 'agents.authenticate'> {
  const { catalog, pool, installer, auth, sandbox } = deps;

  const packageOf = (id: string): NpmPackage => {
    const agent = catalog.get(id);
    const pkg = agent.builtIn ? profileById(id)?.npmPackage : undefined;
    if (!pkg) throw new AppError('NotInstallable', `${agent.spec.name} is not published on npm; install it yourself and set its command in Settings.`);
    return pkg;
  };

  /**
   * A running agent keeps the program and environment it started with: stop it (when no turn is
   * running on it) so its next turn starts the new one. Every agent of the package goes.
   */
  const restartIdle = async (ids: string[]) => {
    for (const id of ids) {
      if (pool.list().some((s) => s.agent === id && s.busy)) continue;
      await pool.disposeBackend(id);
    }
  };
  const agentsOfPackage = (pkg: NpmPackage) => AGENT_PROFILES.filter((p) => p.npmPackage?.name === pkg.name).map((p) => p.id);

  return {
    'agents.install': async ({ id }) => {
      const pkg = packageOf(id);
      const version = await installer.install(id, pkg);
      await restartIdle(agentsOfPackage(pkg));
      return { version, command: catalog.get(id).spec.command };
    },
    'agents.uninstall': async ({ id }) => {
      const pkg = packageOf(id);
      const ids = agentsOfPackage(pkg);
      if (pool.list().some((s) => ids.includes(s.agent) && s.busy)) {
        throw new AppError('Unsupported', `A turn is running on ${catalog.displayName(id)}; remove it once the turn has ended.`);
      }
      for (const agentId of ids) await pool.disposeBackend(agentId);
      await installer.uninstall(pkg);
      return {};
    },
    'agents.auth': ({ id }) => auth.details(id),
    'agents.setKey': async ({ id, envVar, value }) => {
      const agent = catalog.setEnvVar(id, envVar, value);
      await restartIdle([id]);
      return toAgentInfo(agent, sandbox.status(agent.spec.sandbox !== false));
    },
    'agents.signIn': ({ id }) => auth.signIn(id),
    'agents.authenticate': async ({ id, methodId }) => {
      await auth.authenticate(id, methodId);
      // The running agent read its credentials when it started.
      await restartIdle([id]);
      return {};
    },
  };
}
