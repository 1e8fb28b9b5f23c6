import { accessSync, constants } from 'node:fs';

/** Where distributions and installers put Chromium or Chrome. */
const USUAL_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/usr/local/bin/chromium',
  '/opt/google/chrome/chrome',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
  'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
];

/**
 * Flags the project fixed for printing: no sandbox (containers), no GPU, and no request of any
 * kind leaves the browser. --disable-background-networking alone still let the component updater
 * look up its vendor's hosts on every run (measured: 4-35 DNS queries per `diwan pdf`); the host
 * resolver rule answers every name as not found without asking DNS, and the rest switch off the
 * services that would ask (tested in a network namespace with a logging resolver: none).
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-extensions',
  '--disable-domain-reliability',
  '--disable-client-side-phishing-detection',
  '--disable-breakpad',
  '--no-first-run',
  '--no-default-browser-check',
  '--no-pings',
  '--metrics-recording-only',
  '--dns-prefetch-disable',
  '--disable-features=OptimizationHints,MediaRouter,Translate,AutofillServerCommunication,CertificateTransparencyComponentUpdater,DialMediaRouteProvider,NetworkTimeServiceQuerying',
  '--host-resolver-rules=MAP * ~NOTFOUND',
];

export class BrowserNotFoundError extends Error {
  constructor() {
    super(
      'No Chromium/Chrome found for the PDF edition: install it (e.g. `apt-get install chromium`) or set CHROME_PATH; the HTML and text editions are still built.',
    );
    this.name = 'BrowserNotFoundError';
  }
}

/** The browser was found but did not start (not a browser, crashed, missing libraries). */
export class BrowserLaunchError extends BrowserNotFoundError {
  constructor(path: string, cause: unknown) {
    super();
    const raw = String((cause as Error)?.message ?? cause);
    const exit = /exitCode=(\d+|null), signal=(\w+|null)/.exec(raw);
    const fatal = /FATAL:[^\]]*\]\s*([^\n]+)/.exec(raw)?.[1];
    const why = fatal ?? (exit ? `it exited (code ${exit[1]}, signal ${exit[2]}) before it answered` : raw.split('\n')[0]);
    this.message = `the browser ${path} did not start for the PDF edition: ${why}; expected Chromium or Chrome (install chromium, or pass --chrome /path/to/chromium); the HTML and text editions are still built.`;
    this.name = 'BrowserLaunchError';
  }
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The browser to print with: the explicit option, then CHROME_PATH, then the usual paths.
 * An option or CHROME_PATH that does not point at an executable is not silently replaced
 * by another browser: the caller asked for that one.
 */
export function findBrowser(opts: { executablePath?: string } = {}): string | null {
  const asked = opts.executablePath ?? process.env.CHROME_PATH;
  if (asked) return executable(asked) ? asked : null;
  return USUAL_PATHS.find(executable) ?? null;
}
