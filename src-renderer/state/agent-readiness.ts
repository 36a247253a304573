import type { AgentInfo } from '../../src-preload/contract';

/** Ready = its program is found and it is not known to be signed out (an unknown state is the agent's to report). */
export const isReady = (a: AgentInfo): boolean => a.available && a.auth.state !== 'signed-out';

export type Readiness = 'ready' | 'needs-sign-in' | 'not-installed';

export const readinessOf = (a: AgentInfo): Readiness => (!a.available ? 'not-installed' : a.auth.state === 'signed-out' ? 'needs-sign-in' : 'ready');

export const READINESS_LABEL: Record<Readiness, string> = {
  ready: 'Ready',
  'needs-sign-in': 'Needs sign-in',
  'not-installed': 'Not installed',
};

const VIA_LABEL: Record<NonNullable<AgentInfo['found']>['via'], string> = {
  boocoder: 'BooCoder’s install',
  bundled: 'bundled with BooCoder',
  path: 'PATH',
  configured: 'configured command',
};

/** Where the program was found and its version, in words ("PATH · 0.24.4"). */
export function foundLabel(a: AgentInfo): string | null {
  if (!a.found) return null;
  return [VIA_LABEL[a.found.via], a.found.version ? `v${a.found.version}` : 'version unknown'].join(' · ');
}

/** What the install button offers: install, update to the pinned version, or nothing (up to date / not an npm agent). */
export function installAction(a: AgentInfo): 'install' | 'update' | null {
  if (!a.install) return null;
  if (a.install.installedVersion === null) return a.available ? null : 'install';
  return a.install.installedVersion === a.install.pinnedVersion ? null : 'update';
}
