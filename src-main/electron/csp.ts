/**
 * The renderer's Content-Security-Policy. It reaches the page two ways: as a <meta> tag injected
 * into the built index.html (the only way a policy applies to a file:// document) and as a
 * response header for the dev server. Everything comes from the app itself; the renderer talks to
 * main over IPC, so it needs no network beyond its own origin.
 */
export function contentSecurityPolicy(devServerUrl?: string): string {
  const dev = devServerUrl ? new URL(devServerUrl) : null;
  // Vite's dev client injects an inline React-refresh preamble and talks to its server over a socket.
  const devScript = dev ? " 'unsafe-inline'" : '';
  const devConnect = dev ? ` ${dev.origin} ws://${dev.host}` : '';
  return [
    "default-src 'self'",
    `script-src 'self'${devScript}`,
    // Components set inline styles (diff and highlight themes); scripts stay strict.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src 'self'${devConnect}`,
    "worker-src 'self'",
    "frame-src 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}
