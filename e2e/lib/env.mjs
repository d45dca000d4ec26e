// Where the journeys find the running app and where they put what they make.
// e2e/run sets these; to run a test file by hand against your own `bin/dev`:
//   HISAAB_E2E_BASE_URL=http://127.0.0.1:8000 HISAAB_E2E_MAILBOX=data/mailbox node --test e2e/tests/x.test.mjs
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const E2E_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run the journeys with e2e/run (it starts the app and sets it)`);
  }
  return value;
}

export const config = {
  /** The web server, e.g. http://127.0.0.1:18000 (no trailing slash). */
  get baseURL() {
    return required('HISAAB_E2E_BASE_URL').replace(/\/+$/, '');
  },
  /** The admin console, e.g. http://127.0.0.1:18002 (no trailing slash). */
  get adminURL() {
    return required('HISAAB_E2E_ADMIN_URL').replace(/\/+$/, '');
  },
  /** The folder hisaab-worker writes `.eml` files into ($HISAAB_DATA_DIR/mailbox). */
  get mailboxDir() {
    return path.resolve(required('HISAAB_E2E_MAILBOX'));
  },
  /** Screenshots and other artefacts for a person to look at. */
  get outputDir() {
    return path.resolve(process.env.HISAAB_E2E_OUTPUT || path.join(E2E_DIR, 'output'));
  },
  get screenshotDir() {
    return path.join(this.outputDir, 'screenshots');
  },
  /** Debian's Chromium; never a browser downloaded by Playwright. */
  get chromium() {
    return process.env.HISAAB_E2E_CHROMIUM || '/usr/bin/chromium';
  },
  /** Milliseconds a single browser action or navigation may take. */
  actionTimeout: Number(process.env.HISAAB_E2E_ACTION_TIMEOUT_MS || 10_000),
  /**
   * Milliseconds to wait for an email to land in the mailbox. A mail normally
   * takes about a second, but hisaab-worker's SendEmail queue (apalis on
   * SQLite) sometimes stops polling until its next 30 s heartbeat, so the wait
   * covers that; identity.test.mjs tracks the 15 s target separately (a TODO
   * test) and every mail slower than 3 s is noted in the output.
   */
  mailTimeout: Number(process.env.HISAAB_E2E_MAIL_TIMEOUT_MS || 15_000),
};
