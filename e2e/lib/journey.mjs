// A journey is a story told in steps that depend on each other (sign up, then
// verify, then …). node:test runs the `it`s of a `describe` in order; this adds
// what a story needs: once a step fails the later ones are skipped (not failed
// again for the same cause), a failed step leaves screenshots of the open
// pages in output/failures/, and every step ends by checking that no page
// broke the CSP or threw.
import { after, before, describe, it } from 'node:test';
import { launchBrowser } from './browser.mjs';

/** Milliseconds one test (or journey step) may take before it fails. */
export const TEST_TIMEOUT = Number(process.env.HISAAB_E2E_TEST_TIMEOUT_MS || 60_000);

/**
 * Declares a journey. `body(j)` declares its steps with `j.step(name, fn)`;
 * each `fn` gets `(j, t)`. `j.browser` is launched before the first step and
 * closed after the last; keep state for later steps on `j` (e.g. `j.page`).
 */
export function journey(name, body) {
  describe(name, () => {
    const j = {
      browser: null,
      failedStep: null,
      step(stepName, fn, opts = {}) {
        it(stepName, { timeout: TEST_TIMEOUT, ...opts }, async (t) => {
          if (j.failedStep) {
            t.skip(`skipped: an earlier step failed (${j.failedStep})`);
            return;
          }
          j.browser.takeProblems(); // problems from earlier steps were already reported
          try {
            await fn(j, t);
            j.browser.assertNoPageProblems(`during "${stepName}"`);
          } catch (e) {
            j.failedStep = stepName;
            const shots = await j.browser.captureAll(`${name} ${stepName}`).catch(() => []);
            if (shots.length) t.diagnostic(`screenshots: ${shots.join(', ')}`);
            throw e;
          }
        });
      },
    };
    before(async () => {
      j.browser = await launchBrowser();
    }, { timeout: 60_000 });
    after(async () => {
      await j.browser?.close();
    }, { timeout: 30_000 });
    body(j);
  });
}

/**
 * A stand-alone test with its own browser (closed afterwards), the same CSP
 * and error check at the end and screenshots on failure.
 */
export function browserTest(name, fn, opts = {}) {
  it(name, { timeout: TEST_TIMEOUT, ...opts }, async (t) => {
    const browser = await launchBrowser();
    try {
      await fn(browser, t);
      browser.assertNoPageProblems(`during "${name}"`);
    } catch (e) {
      const shots = await browser.captureAll(name).catch(() => []);
      if (shots.length) t.diagnostic(`screenshots: ${shots.join(', ')}`);
      throw e;
    } finally {
      await browser.close();
    }
  });
}
