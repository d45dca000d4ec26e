// People and the identity steps every journey starts with: sign up, confirm
// the address from the mail, sign in, sign out. Done through the UI, the way a
// person does it, so later journeys (finance, groups) begin from a real account.
import crypto from 'node:crypto';
import assert from 'node:assert/strict';
import { expectPath, expectText, expectVisible } from './expect.mjs';
import { findLink, mailboxSnapshot, waitForMail } from './mailbox.mjs';
import { config } from './env.mjs';

export const SUBJECTS = {
  verify: /Confirm your email address/i,
  reset: /^Reset your .*password/i,
  locked: /temporarily locked/i,
  passwordChanged: /password was changed/i,
  signupAttempt: /tried to sign up/i,
};

const rand = (n = 8) => crypto.randomBytes(n).toString('hex').slice(0, n);

/**
 * A new person: unique email (so journeys never collide), a policy-proof
 * password, and the main (base) currency they pick at sign-up: USD unless
 * given (`null` keeps what the form suggests from the browser's language).
 */
export function newPerson(tag = 'e2e', name = 'Asha Verma', currency = 'USD') {
  const stamp = `${Date.now().toString(36)}${rand(4)}`;
  return {
    name,
    email: `${tag}.${stamp}@example.com`,
    password: `Tamarind-${rand(6)}-Lantern-42`,
    currency,
  };
}

/** Fills the signup form and submits it; ends on "Check your inbox". */
export async function signUp(page, person) {
  await page.goto('/signup');
  await page.getByLabel('Your name').fill(person.name);
  await page.getByLabel('Email address').fill(person.email);
  await page.getByLabel('Password', { exact: true }).fill(person.password);
  if (person.currency) await page.getByLabel('Your main currency').selectOption(person.currency);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expectPath(page, '/signup/done');
  await expectText(page.getByRole('heading', { level: 1 }), 'Check your inbox');
}

/**
 * Waits for the newest mail to `email` (subject matching) and returns it with
 * its token link; `exclude` is a `mailboxSnapshot()` from before the action.
 */
export async function mailLink(email, subject, { exclude } = {}) {
  const mail = await waitForMail(email, { subject, exclude });
  const link = findLink(mail);
  assert.equal(new URL(link).origin, config.baseURL, `the link in "${mail.subject}" should point at the app (${link})`);
  return { mail, link };
}

/** Opens the verification link from the newest "Confirm your email" mail; ends signed in on /app. */
export async function verifyFromMail(page, email, opts = {}) {
  const { link } = await mailLink(email, SUBJECTS.verify, opts);
  await page.goto(link);
  await expectPath(page, '/app');
  return link;
}

/** Signs in through the form; by default expects to land on /app. */
export async function signIn(page, email, password, { expectSuccess = true } = {}) {
  if (new URL(page.url() === 'about:blank' ? config.baseURL : page.url()).pathname !== '/login') {
    await page.goto('/login');
  }
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  if (expectSuccess) await expectPath(page, '/app');
}

/** Uses the "Sign out" button in the top bar; ends on the landing page. */
export async function signOut(page) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Sign out' }).click();
  await expectPath(page, '/');
  await expectVisible(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sign in' }));
}

/**
 * A signed-in person with a confirmed address, made through the UI.
 * @returns {Promise<{name: string, email: string, password: string}>}
 */
export async function createVerifiedPerson(page, tag = 'e2e', name, currency) {
  const person = newPerson(tag, name, currency);
  const before = await mailboxSnapshot();
  await signUp(page, person);
  await verifyFromMail(page, person.email, { exclude: before });
  return person;
}
