// Headless Debian Chromium through playwright-core, with every page watched
// for Content-Security-Policy violations and uncaught script errors.
import fs from 'node:fs/promises';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { config } from './env.mjs';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Common viewport sizes: phones are 360 px wide, desktops 1280 px. */
export const VIEWPORTS = {
  phone: { width: 360, height: 780 },
  desktop: { width: 1280, height: 900 },
};

/**
 * Launches the browser. Close it with `await browser.close()` (in an `after` hook).
 * @returns {Promise<Browser>}
 */
export async function launchBrowser() {
  const pw = await chromium.launch({
    executablePath: config.chromium,
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: 30_000,
  });
  return new Browser(pw);
}

/**
 * One problem seen in a page: a CSP violation, an uncaught error or a 5xx from the app.
 * @typedef {{kind: 'csp'|'pageerror'|'http', url: string, text: string}} PageProblem
 */

export class Browser {
  constructor(pw) {
    /** The playwright-core Browser, for anything the helpers don't cover. */
    this.pw = pw;
    /** @type {PageProblem[]} */
    this.problems = [];
    this.checked = 0;
    /** @type {import('playwright-core').BrowserContext[]} */
    this.contexts = [];
  }

  /**
   * A fresh context (its own cookies: one person on one device) with baseURL
   * set, bounded timeouts, and watchers for CSP violations and script errors.
   * @param {{viewport?: {width:number,height:number}, width?: number} & import('playwright-core').BrowserContextOptions} [opts]
   */
  async newContext(opts = {}) {
    const { width, ...rest } = opts;
    const viewport = rest.viewport ?? (width ? { width, height: width < 600 ? 780 : 900 } : VIEWPORTS.desktop);
    const context = await this.pw.newContext({
      baseURL: config.baseURL,
      locale: 'en-GB',
      timezoneId: 'UTC',
      reducedMotion: 'reduce',
      colorScheme: 'light',
      deviceScaleFactor: 1,
      isMobile: false,
      // The app registers a service worker; requests it handles bypass
      // context.route (axe's route above). Only the install journey allows it.
      serviceWorkers: 'block',
      ...rest,
      viewport,
    });
    context.setDefaultTimeout(config.actionTimeout);
    context.setDefaultNavigationTimeout(config.actionTimeout * 2);
    // Chromium reports CSP violations on the console; the event gives the directive and URL as well.
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        console.error(
          `[e2e] Content Security Policy violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} ` +
            `(${e.sourceFile || 'page'}:${e.lineNumber})`,
        );
      });
    });
    context.on('console', (msg) => {
      const text = msg.text();
      if (/Content[- ]Security[- ]Policy/i.test(text)) {
        this.problems.push({ kind: 'csp', url: msg.page()?.url() ?? '?', text });
      }
    });
    context.on('response', (res) => {
      // A server error from the app is a bug even when the page copes with it.
      if (res.status() >= 500 && appOrigins().some((origin) => res.url().startsWith(origin))) {
        this.problems.push({ kind: 'http', url: res.frame()?.page()?.url() ?? '?', text: `${res.status()} from ${res.request().method()} ${res.url()}` });
      }
    });
    context.on('weberror', (err) => {
      this.problems.push({ kind: 'pageerror', url: err.page()?.url() ?? '?', text: String(err.error()?.stack ?? err.error()) });
    });
    // axe-core is served as if from the app's own origin, so it loads under the
    // app's real CSP (script-src 'self') without weakening it; see a11y.mjs.
    // The console (its own origin) gets the same route.
    for (const origin of appOrigins()) {
      await context.route(`${origin}/__e2e__/**`, async (route) => {
        const name = path.basename(new URL(route.request().url()).pathname);
        const file = E2E_ASSETS[name];
        if (!file) return route.fulfill({ status: 404, body: 'not an e2e asset' });
        await route.fulfill({ status: 200, contentType: 'text/javascript; charset=utf-8', body: await fs.readFile(file) });
      });
    }
    this.contexts.push(context);
    return context;
  }

  /** A new page in a new context: the common case. */
  async newPage(opts = {}) {
    const context = await this.newContext(opts);
    return context.newPage();
  }

  /** Problems seen since the last call to `takeProblems()`. */
  takeProblems() {
    const fresh = this.problems.slice(this.checked);
    this.checked = this.problems.length;
    return fresh;
  }

  /** Throws, listing them, if any CSP violation or uncaught error was seen since the last check. */
  assertNoPageProblems(where = '') {
    const fresh = this.takeProblems();
    if (fresh.length) {
      const lines = fresh.map((p) => `  [${p.kind}] ${p.url}\n    ${p.text.replace(/\n/g, '\n    ')}`);
      throw new Error(`${fresh.length} page problem(s)${where ? ` ${where}` : ''}:\n${lines.join('\n')}`);
    }
  }

  /** Saves a full-page screenshot of every open page (for a failed step). */
  async captureAll(label) {
    const dir = path.join(config.outputDir, 'failures');
    await fs.mkdir(dir, { recursive: true });
    const saved = [];
    let i = 0;
    for (const context of this.contexts) {
      for (const page of context.pages()) {
        const file = path.join(dir, `${slug(label)}-${++i}.png`);
        try {
          await page.screenshot({ path: file, fullPage: true, timeout: 5_000 });
          saved.push(`${file} (${page.url()})`);
        } catch {
          // a closed or crashed page: nothing to keep
        }
      }
    }
    return saved;
  }

  async close() {
    await this.pw.close().catch(() => {});
  }
}

/** The web app's origin, and the console's when e2e/run started it. */
function appOrigins() {
  return process.env.HISAAB_E2E_ADMIN_URL ? [config.baseURL, config.adminURL] : [config.baseURL];
}

/** Files the routed `/__e2e__/<name>` URLs serve. */
export const E2E_ASSETS = {
  'axe.min.js': path.join(path.dirname(new URL(import.meta.resolve('axe-core')).pathname), 'axe.min.js'),
};

export function slug(s) {
  return String(s)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80);
}

/**
 * A full-page screenshot into output/screenshots/<name>-<width>.png.
 *
 * The viewport is stretched to the page's height first (then put back), so
 * fixed parts such as the phone tab bar sit at the bottom, as on a tall screen,
 * instead of being painted mid-page as a plain `fullPage` capture does.
 * @param {import('playwright-core').Page} page
 */
export async function screenshot(page, name) {
  await fs.mkdir(config.screenshotDir, { recursive: true });
  const viewport = page.viewportSize() ?? VIEWPORTS.desktop;
  const file = path.join(config.screenshotDir, `${slug(name)}-${viewport.width}.png`);
  try {
    let height = viewport.height;
    for (let i = 0; i < 3; i++) {
      const full = await page.evaluate(() => Math.ceil(document.documentElement.scrollHeight));
      const next = Math.min(Math.max(full, viewport.height), 6000);
      if (next === height) break;
      height = next;
      await page.setViewportSize({ width: viewport.width, height });
    }
    await page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
  } finally {
    await page.setViewportSize(viewport);
  }
  return file;
}
