import { pathToFileURL } from 'node:url';

/**
 * Where the renderer comes from, and which URLs count as "the app itself". The main process
 * trusts IPC and navigation only from the document it loaded: the built index.html over
 * file://, or (in development) the Vite dev server's origin.
 */

/** The URL the window loads: the dev server when electron-vite provides one, else the built file. */
export function rendererUrl(indexHtmlPath: string, devServerUrl: string | undefined): string {
  if (devServerUrl) return devServerUrl;
  return pathToFileURL(indexHtmlPath).href;
}

function parse(url: string | null | undefined): URL | null {
  if (!url) return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

const decode = (pathname: string): string | null => {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return null;
  }
};

/** Windows paths (/C:/…) name the same file whatever their case; POSIX paths are exact. */
function sameFilePath(a: string, b: string): boolean {
  const da = decode(a);
  const db = decode(b);
  if (da === null || db === null) return false;
  const windows = /^\/[A-Za-z]:\//.test(db);
  return windows ? da.toLowerCase() === db.toLowerCase() : da === db;
}

/**
 * Is `frameUrl` the app's own document? For file:// the exact file must match (any other local
 * file is foreign, even in the same folder); query and hash are the app's own state and ignored.
 * For the dev server, the origin must match.
 */
export function isAppFrame(frameUrl: string | null | undefined, appUrl: string): boolean {
  const frame = parse(frameUrl);
  const app = parse(appUrl);
  if (!frame || !app) return false;
  if (app.protocol === 'file:') {
    return frame.protocol === 'file:' && frame.host === app.host && sameFilePath(frame.pathname, app.pathname);
  }
  if (app.protocol === 'http:' || app.protocol === 'https:') return frame.origin === app.origin;
  return false;
}

/** A link the user may open in their browser: http(s) only (never file:, javascript:, custom schemes). */
export function externalUrl(url: string): string | null {
  const parsed = parse(url);
  if (!parsed) return null;
  return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
}
