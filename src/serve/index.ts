/** `diwan serve`: the built site on loopback; with --watch a preview that rebuilds and reloads. */
export { createApp, type AppOptions, type PreviewHooks, type ServeExtension } from './app.js';
export { startServer, ListenError, type RunningServer, type ServerOptions } from './server.js';
export { ReloadHub, withReloadClient, relaxPolicy, errorPage, RELOAD_SCRIPT, EVENTS } from './preview.js';
export { resolveSitePath, type SitePath } from './site.js';
