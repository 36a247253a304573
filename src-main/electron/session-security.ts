import { isAppFrame } from './app-url';
import { contentSecurityPolicy } from './csp';

export interface HeadersDetails {
  url: string;
  responseHeaders?: Record<string, string[]>;
}

/** The parts of a Session used to lock down permissions and headers. */
export interface SecurableSession {
  setPermissionRequestHandler(
    handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void, details: { requestingUrl?: string }) => void,
  ): void;
  setPermissionCheckHandler(handler: (webContents: unknown, permission: string, requestingOrigin: string) => boolean): void;
  webRequest: {
    onHeadersReceived(listener: (details: HeadersDetails, callback: (response: { responseHeaders?: Record<string, string[]> }) => void) => void): void;
  };
}

/**
 * The only permission the app grants: writing sanitized text to the clipboard from its own
 * document (the transcript's copy buttons use navigator.clipboard.writeText). Camera, microphone,
 * geolocation, notifications from the page, clipboard reads and everything else are refused.
 */
export function permissionGranted(permission: string, requestingUrl: string | undefined, appUrl: string): boolean {
  return permission === 'clipboard-sanitized-write' && isAppFrame(requestingUrl, appUrl);
}

/** The origin a permission check reports for the app's document ("file://" for a built page). */
function appOrigin(appUrl: string): string {
  const url = new URL(appUrl);
  return url.protocol === 'file:' ? 'file://' : url.origin;
}

/** Permission checks carry only an origin, not the full URL: the same rule, judged by origin. */
export function permissionCheckGranted(permission: string, requestingOrigin: string, appUrl: string): boolean {
  const strip = (s: string) => s.replace(/\/+$/, '');
  return permission === 'clipboard-sanitized-write' && strip(requestingOrigin) === strip(appOrigin(appUrl));
}

/** Response headers with the app's CSP set, replacing whatever policy the response carried. */
export function withCsp(headers: Record<string, string[]> | undefined, policy: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'content-security-policy') out[name] = value;
  }
  out['Content-Security-Policy'] = [policy];
  return out;
}

/**
 * Deny permission requests and checks (but the one above), and send the CSP as a header on every
 * response. The header covers the dev server; built files load over file://, where the <meta> tag
 * that electron.vite.config.ts injects into index.html carries the same policy.
 */
export function secureSession(session: SecurableSession, appUrl: string, devServerUrl: string | undefined): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(permissionGranted(permission, details.requestingUrl, appUrl));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => permissionCheckGranted(permission, requestingOrigin, appUrl));
  const policy = contentSecurityPolicy(devServerUrl);
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withCsp(details.responseHeaders, policy) });
  });
}
