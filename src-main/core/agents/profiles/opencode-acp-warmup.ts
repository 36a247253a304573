import { randomBytes } from 'node:crypto';
import { createOpencodeClient } from '@opencode-ai/sdk/v2';
import getPort from 'get-port';
import { basicAuth, OPENCODE_USERNAME } from '../opencode/opencode-server';
import type { DirectoryWarmup } from './agent-profile';

/**
 * `opencode acp` serves opencode's own HTTP API on a loopback port next to ACP (its ACP side is
 * a client of it), unauthenticated unless OPENCODE_SERVER_PASSWORD is set. BooCoder gives it a
 * port it knows and a fresh password, which closes that door to every other local program, and
 * uses the port for one thing: warming a session's directory with what opencode otherwise does
 * on that directory's first prompt (0.6–1 s of CPU), as the opencode server's pre-warm does: a
 * file search boots its file watcher and location services, listing its providers and agents
 * sets those up. No model call, nothing in any session.
 */
export const opencodeAcpWarmup: DirectoryWarmup = {
  async prepare(launch) {
    // Only `opencode acp` itself takes these flags.
    if (!launch.args.includes('acp')) return null;
    const port = await getPort({ host: '127.0.0.1' });
    const password = randomBytes(24).toString('base64url');
    const client = createOpencodeClient({ baseUrl: `http://127.0.0.1:${port}`, headers: { Authorization: basicAuth(OPENCODE_USERNAME, password) } });
    return {
      args: ['--port', String(port), '--hostname', '127.0.0.1'],
      env: { OPENCODE_SERVER_PASSWORD: password, OPENCODE_SERVER_USERNAME: OPENCODE_USERNAME },
      async warm(cwd, signal) {
        const directory = { directory: cwd };
        await Promise.all([
          client.find.files({ ...directory, query: '.', limit: 1 }, { signal }).catch(() => undefined),
          // The directory's providers and agents, which its first prompt would otherwise set up.
          client.config.providers(directory, { signal }).catch(() => undefined),
          client.app.agents(directory, { signal }).catch(() => undefined),
        ]);
      },
    };
  },
};
