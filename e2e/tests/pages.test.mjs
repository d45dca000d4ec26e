// The main pages at phone (360 px) and desktop (1280 px) widths, light and dark: a full-page
// screenshot of each into output/screenshots/ for a person to look at, an
// axe-core check (fails on serious or critical violations) and the CSP check.
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import {
  assertAccessible,
  browserTest,
  createVerifiedPerson,
  expectText,
  expectVisible,
  screenshot,
} from '../lib/index.mjs';

/** Each page: how to get there and what shows it is ready. */
const PAGES = [
  {
    name: 'landing',
    async open(page) {
      await page.goto('/');
      await expectVisible(page.getByRole('heading', { level: 1 }));
    },
  },
  {
    name: 'signup-error',
    async open(page) {
      await page.goto('/signup');
      await page.getByLabel('Your name').fill('Rohan');
      await page.getByLabel('Email address').fill('rohan-at-example');
      await page.getByLabel('Password', { exact: true }).fill('short');
      await page.getByRole('button', { name: 'Create account' }).click();
      await expectText(page.locator('.error-summary'), 'There is a problem');
    },
  },
  {
    name: 'login',
    async open(page) {
      await page.goto('/login');
      await expectVisible(page.getByRole('button', { name: 'Sign in', exact: true }));
    },
  },
  {
    name: 'password-reset',
    async open(page) {
      await page.goto('/password-reset');
      await expectVisible(page.getByRole('button', { name: 'Send reset link' }));
    },
  },
  {
    name: 'offline',
    async open(page) {
      await page.goto('/offline');
      await expectVisible(page.getByRole('heading', { name: 'You are offline' }));
    },
  },
  {
    name: 'app-home',
    signedIn: true,
    async open(page) {
      await page.goto('/app');
      await expectVisible(page.locator('.profile__email'));
    },
  },
  {
    name: 'security',
    signedIn: true,
    async open(page) {
      await page.goto('/settings/security');
      await expectVisible(page.locator('#sessions tbody tr'));
    },
  },
  {
    name: 'profile',
    signedIn: true,
    async open(page) {
      await page.goto('/settings/profile');
      await expectVisible(page.getByRole('button', { name: 'Save profile' }));
    },
  },
  {
    name: 'not-found',
    signedIn: true,
    async open(page) {
      await page.goto(`/social/contacts/${MISSING_ID}`);
      await expectVisible(page.getByRole('heading', { name: 'Page not found' }));
    },
  },
  {
    // An error answered to a targeted htmx request lands in the toast region
    // (HX-Retarget) and leaves the page as it was: never a page in a fragment.
    name: 'htmx-error-toast',
    signedIn: true,
    async open(page) {
      await page.goto('/app');
      await expectVisible(page.locator('.profile__email'));
      await page.evaluate((id) => window.htmx.ajax('GET', `/social/contacts/${id}`, { target: '#main', swap: 'innerHTML' }), MISSING_ID);
      await expectText(page.locator('#toasts .toast--error'), 'Page not found');
      await expectVisible(page.locator('.profile__email'));
      assert.equal(await page.locator('#main .error-page').count(), 0, 'no error page swapped into #main');
    },
  },
];

/** A well-formed id nobody has. */
const MISSING_ID = '0190c9f0-7a2b-7c3d-8e4f-0123456789ab';

/** Phone and desktop in the light scheme; desktop and phone again in dark (the CSS follows prefers-color-scheme). */
const VARIANTS = [
  { width: 360, colorScheme: 'light' },
  { width: 1280, colorScheme: 'light' },
  { width: 360, colorScheme: 'dark' },
  { width: 1280, colorScheme: 'dark' },
];

describe('main pages: screenshots, accessibility, CSP', () => {
  // One confirmed account for the signed-in pages, made through the UI once
  // (by whichever variant runs first); its cookies are reused by every
  // variant: one session, not one per variant. If making it fails, each
  // variant fails with that error.
  let account;
  const signedInState = (browser) =>
    (account ??= (async () => {
      const page = await browser.newPage();
      await createVerifiedPerson(page, 'pages', 'Rohan Mehta');
      const state = await page.context().storageState();
      await page.context().close();
      return state;
    })());

  for (const { width, colorScheme } of VARIANTS) {
    const variant = `${width} px${colorScheme === 'dark' ? ', dark' : ''}`;
    browserTest(`at ${variant}`, async (browser, t) => {
      const signedOut = await browser.newPage({ width, colorScheme });
      const signedIn = await browser.newPage({ width, colorScheme, storageState: await signedInState(browser) });
      const failures = [];
      for (const spec of PAGES) {
        const page = spec.signedIn ? signedIn : signedOut;
        await spec.open(page);
        const file = await screenshot(page, colorScheme === 'dark' ? `${spec.name}-dark` : spec.name);
        t.diagnostic(`screenshot: ${file}`);
        try {
          await assertAccessible(page, `${spec.name} at ${variant}`);
        } catch (e) {
          failures.push(e.message);
        }
        try {
          browser.assertNoPageProblems(`on ${spec.name} at ${variant}`);
        } catch (e) {
          failures.push(e.message);
        }
      }
      // Every page is looked at before failing, so one run lists everything.
      assert.deepEqual(failures, [], failures.join('\n\n'));
    });
  }
});
