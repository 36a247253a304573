import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { Core } from './core/core';
import { resolveDataDir } from './core/data-dir';
import { resolveAgentEnvironment } from './core/environment/agent-environment';
import { startWebHost } from './host/web-host';

/**
 * `npm run serve -- --port N --data-dir DIR`: the same core as the desktop app, with the built
 * renderer served on 127.0.0.1 and the contract over a WebSocket, for a browser. It is started
 * from a terminal (or a service), so its environment is taken as it is: no login shell is asked.
 * `--no-bundled-agents` looks for agents only in BooCoder's own installs and PATH, as a packaged
 * app does (a development checkout has every agent in node_modules/.bin). `--login-shell-env`
 * reads the user's login-shell environment for the agents as the desktop app does when it is not
 * started from a terminal (a host started by a service manager or launcher has no shell's PATH
 * and keys either); a failure is shown in the window as the same notice.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      'data-dir': { type: 'string' },
      'no-bundled-agents': { type: 'boolean', default: false },
      'login-shell-env': { type: 'boolean', default: false },
    },
    strict: true,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`Invalid --port: ${values.port}\n`);
    process.exit(2);
  }
  const dataDir = resolveDataDir(values['data-dir']);
  const here = path.dirname(fileURLToPath(import.meta.url));
  const staticDir = path.resolve(here, '..', 'out', 'renderer');
  const shell = values['login-shell-env'] ? await resolveAgentEnvironment({ platform: process.platform, env: process.env, startedFromTerminal: false, nodePath: process.execPath }) : null;
  if (shell?.report.notice) process.stderr.write(`BooCoder: ${shell.report.notice}\n`);
  const core = await Core.open({
    dataDir,
    ...(values['no-bundled-agents'] ? { agentSearchDirs: [] } : {}),
    ...(shell ? { agentEnv: shell.env, environment: shell.report } : {}),
  });
  const host = await startWebHost({ core, staticDir, port });
  process.stdout.write(`BooCoder listening on ${host.url}\n`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`BooCoder: ${signal}, shutting down\n`);
    let code = 0;
    try {
      await host.close();
      await core.shutdown();
    } catch (e) {
      code = 1;
      process.stderr.write(`BooCoder: shutdown failed: ${e instanceof Error ? e.message : String(e)}\n`);
    }
    process.exit(code);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((e: unknown) => {
  process.stderr.write(`BooCoder failed to start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
