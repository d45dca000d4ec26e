// Identity journeys: sign up → confirm by mail → sign out → lockout → reset by
// mail → sign in again; inline validation; the sessions list.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  SUBJECTS,
  browserTest,
  config,
  createVerifiedPerson,
  expectHidden,
  expectPath,
  expectText,
  expectVisible,
  journey,
  mailLink,
  mailLatencies,
  mailboxSnapshot,
  newPerson,
  signIn,
  signOut,
  signUp,
  waitForMail,
} from '../lib/index.mjs';

const WRONG = 'The email or password is not right.';

/** Submits the sign-in form once and waits for htmx to swap the answer in. */
async function submitLogin(page, email, password) {
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  const answered = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/login');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  const response = await answered;
  // The form is replaced (outerHTML): wait for the new one's error summary.
  const summary = page.locator('.error-summary');
  await expectVisible(summary);
  return { status: response.status(), summary: (await summary.innerText()).replace(/\s+/g, ' ') };
}

journey('sign up, confirm by mail, lock out, reset by mail, sign in', (j) => {
  const person = newPerson('journey', 'Asha Verma');
  const newPassword = `Monsoon-${Date.now().toString(36)}-Kettle-7`;
  let beforeSignup;

  j.step('signs up in the browser', async () => {
    j.context = await j.browser.newContext({ width: 1280 });
    j.page = await j.context.newPage();
    beforeSignup = await mailboxSnapshot();
    await signUp(j.page, person);
    await expectText(j.page.locator('main'), person.email);
  });

  j.step('the verification mail arrives in the mailbox', async () => {
    const { mail, link } = await mailLink(person.email, SUBJECTS.verify, { exclude: beforeSignup });
    assert.match(mail.text, /Hi Asha Verma/);
    assert.match(link, /\/verify-email\?token=[\w-]{20,}/);
    assert.ok(mail.html.includes('verify-email?token='), 'the HTML part carries the link too');
    j.verifyLink = link;
  });

  j.step('following the link signs in on /app showing the email, verified', async () => {
    const { page } = j;
    await page.goto(j.verifyLink);
    await expectPath(page, '/app');
    await expectText(page.getByRole('heading', { level: 1 }), 'Hi, Asha Verma');
    await expectText(page.locator('.profile__email'), person.email);
    await expectText(page.locator('.badge--verified'), 'Verified');
    await expectText(page.locator('#toasts'), 'Your email address is verified');
    // The callout asking to confirm the address is gone.
    assert.equal(await page.getByRole('heading', { name: 'Confirm your email address' }).count(), 0);
  });

  j.step('the verification link works only once', async () => {
    const { page } = j;
    await page.goto(j.verifyLink);
    await expectText(page.getByRole('heading', { level: 1 }), 'This link is invalid or has expired');
    await page.goto('/app');
    await expectText(page.locator('.badge--verified'), 'Verified');
  });

  j.step('signs out from the top bar', async () => {
    const { page } = j;
    await signOut(page);
    await expectText(page.locator('#toasts'), 'You are signed out.');
    await page.goto('/app');
    await expectPath(page, '/login');
    assert.equal(new URL(page.url()).searchParams.get('next'), '/app');
  });

  j.step('five wrong passwords lock the account, and a locked message is shown', async () => {
    const { page } = j;
    const beforeLock = await mailboxSnapshot();
    await page.goto('/login');
    for (let attempt = 1; attempt <= 4; attempt++) {
      const { status, summary } = await submitLogin(page, person.email, `wrong-password-${attempt}-xyz`);
      assert.equal(status, 422, `attempt ${attempt}: htmx gets the form back as 422`);
      assert.ok(summary.includes(WRONG), `attempt ${attempt}: ${summary}`);
      assert.ok(!/locked/i.test(summary), `attempt ${attempt} should not lock yet: ${summary}`);
      assert.equal(await page.getByLabel('Email address').inputValue(), person.email, 'the email is kept');
    }
    const fifth = await submitLogin(page, person.email, 'wrong-password-5-xyz');
    assert.match(fifth.summary, /locked for \d+ minutes/i, fifth.summary);
    // Even the right password is refused while locked.
    const locked = await submitLogin(page, person.email, person.password);
    assert.match(locked.summary, /Too many failed sign-ins: this account is locked/, locked.summary);
    assert.equal(new URL(page.url()).pathname, '/login');
    // The account holder is told by mail.
    const mail = await waitForMail(person.email, { subject: SUBJECTS.locked, exclude: beforeLock });
    assert.match(mail.text, /password-reset/);
  });

  j.step('resets the password by mail', async () => {
    const { page } = j;
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await expectPath(page, '/password-reset');
    const beforeReset = await mailboxSnapshot();
    await page.getByLabel('Email address').fill(person.email);
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await expectPath(page, '/password-reset/sent');
    await expectText(page.getByRole('heading', { level: 1 }), 'Check your inbox');

    const { link } = await mailLink(person.email, SUBJECTS.reset, { exclude: beforeReset });
    assert.match(link, /\/password-reset\/confirm\?token=/);
    await page.goto(link);
    await expectText(page.getByRole('heading', { level: 1 }), 'Choose a new password');
    await page.getByLabel('New password').fill(newPassword);
    await page.getByRole('button', { name: 'Set new password' }).click();
    await expectPath(page, '/login');
    await expectText(page.locator('#toasts'), 'Your password was changed');
    j.resetLink = link;
    j.beforeReset = beforeReset;
  });

  j.step('the old password no longer works; the new one signs in on /app', async () => {
    const { page } = j;
    // The account holder is told their password changed.
    await waitForMail(person.email, { subject: SUBJECTS.passwordChanged, exclude: j.beforeReset });
    const old = await submitLogin(page, person.email, person.password);
    assert.ok(old.summary.includes(WRONG), old.summary);
    await signIn(page, person.email, newPassword);
    await expectText(page.locator('.profile__email'), person.email);
    await expectText(page.locator('.badge--verified'), 'Verified');
  });

  j.step('the reset link works only once', async () => {
    const page = await j.browser.newPage();
    await page.goto(j.resetLink);
    await page.getByLabel('New password').fill(`${newPassword}-again`);
    await page.getByRole('button', { name: 'Set new password' }).click();
    await expectVisible(page.locator('.error-summary'));
    assert.equal(new URL(page.url()).pathname, '/password-reset/confirm');
    await page.context().close();
  });
});

describe('signup form', () => {
  browserTest('validates the password and email inline as they are typed, without submitting', async (browser) => {
    const page = await browser.newPage({ width: 1280 });
    await page.goto('/signup');
    const submits = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname === '/signup') submits.push(r.url());
    });
    const passwordError = page.locator('#password-error');
    assert.equal((await passwordError.innerText()).trim(), '', 'no message before typing');

    const validated = page.waitForRequest((r) => new URL(r.url()).pathname === '/signup/validate');
    await page.getByLabel('Password', { exact: true }).pressSequentially('short1', { delay: 30 });
    await validated;
    await expectText(passwordError, 'Use at least 12 characters (6 so far).');
    // The input points at the message for screen readers.
    const describedBy = await page.getByLabel('Password', { exact: true }).getAttribute('aria-describedby');
    assert.ok(describedBy.split(/\s+/).includes('password-error'), describedBy);

    // Typing on clears it once the password is long enough.
    await page.getByLabel('Password', { exact: true }).pressSequentially('-and-longer', { delay: 20 });
    await expectHidden(passwordError.getByText('Use at least'));

    await page.getByLabel('Email address').pressSequentially('asha@nowhere', { delay: 20 });
    await expectText(page.locator('#email-error'), 'Enter an email address like name@example.com.');
    await page.getByLabel('Email address').pressSequentially('.example', { delay: 20 });
    await expectHidden(page.locator('#email-error').getByText('Enter an email address'));

    assert.deepEqual(submits, [], 'the form was never submitted');
    assert.equal(new URL(page.url()).pathname, '/signup');
    assert.equal(await page.locator('.error-summary').count(), 0, 'no error summary without submitting');
  });

  browserTest('on submit, shows an error summary linking to the fields and keeps the values', async (browser) => {
    const page = await browser.newPage({ width: 1280 });
    await page.goto('/signup');
    await page.getByLabel('Your name').fill('Rohan');
    await page.getByLabel('Email address').fill('rohan-at-example');
    await page.getByLabel('Password', { exact: true }).fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    const summary = page.locator('.error-summary');
    await expectText(summary, 'There is a problem');
    await expectText(summary, 'Enter an email address like name@example.com.');
    await expectText(summary, 'Use at least 12 characters');
    assert.equal(await summary.getByRole('link').first().getAttribute('href'), '#email');
    assert.equal(await page.getByLabel('Your name').inputValue(), 'Rohan');
    assert.equal(await page.getByLabel('Email address').inputValue(), 'rohan-at-example');
    assert.equal(await page.getByLabel('Password', { exact: true }).inputValue(), '', 'passwords are not echoed back');
    assert.equal(await page.getByLabel('Email address').getAttribute('aria-invalid'), 'true');
    await summary.getByRole('link', { name: /Enter an email address/ }).click();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'email', 'the summary link moves focus to the field');
  });
});

describe('security page', () => {
  browserTest('lists the current session, and signs out another device', async (browser) => {
    const laptop = await browser.newPage({ width: 1280 });
    const person = await createVerifiedPerson(laptop, 'sessions', 'Meera Nair');

    await laptop.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Security' }).click();
    await expectPath(laptop, '/settings/security');
    await expectText(laptop.getByRole('heading', { level: 1 }), 'Security');
    const rows = laptop.locator('#sessions tbody tr');
    await expectVisible(rows);
    assert.equal(await rows.count(), 1);
    const current = rows.filter({ hasText: 'This device' });
    assert.equal(await current.count(), 1, 'the one session is marked as this device');
    await expectText(current, '127.0.0.1');
    await expectText(current, /Chrome/);
    assert.equal(await current.getByRole('button', { name: /Sign out/ }).count(), 0, 'no sign-out button on the current session');

    // A phone signs in too: the laptop now sees two sessions.
    const phone = await browser.newPage({ width: 360 });
    await signIn(phone, person.email, person.password);
    await laptop.reload();
    await expectText(laptop.locator('#sessions'), 'This device');
    assert.equal(await rows.count(), 2);
    const other = rows.filter({ hasNotText: 'This device' });

    // Revoking asks for confirmation (hx-confirm), then the table is swapped.
    laptop.once('dialog', (d) => d.accept());
    await other.getByRole('button', { name: /Sign out/ }).click();
    await laptop.waitForFunction(() => document.querySelectorAll('#sessions tbody tr').length === 1);
    await expectText(rows, 'This device');

    // The phone's session is gone.
    await phone.reload();
    await expectPath(phone, '/login');
  });
});

describe('settings: profile and API sign-ins', () => {
  browserTest('changes the name and base currency, and ends an API sign-in', async (browser) => {
    const page = await browser.newPage({ width: 1280 });
    const person = await createVerifiedPerson(page, 'profile', 'Kavya Iyer');

    await page.goto('/settings/security');
    await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Profile' }).click();
    await expectPath(page, '/settings/profile');
    await expectText(page.getByRole('heading', { level: 1 }), 'Profile');

    // A mistake in each field: both named, the values kept.
    await page.getByLabel('Your name').fill(' ');
    await page.getByLabel('Base currency').fill('XYZ');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await expectText(page.locator('.error-summary'), 'There is a problem');
    await expectText(page.locator('#base_currency-error'), 'ISO 4217');
    assert.equal(await page.getByLabel('Base currency').inputValue(), 'XYZ');

    await page.getByLabel('Your name').fill('Kavya I.');
    await page.getByLabel('Base currency').fill('inr');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await expectText(page.getByRole('status'), 'Your profile is saved.');
    assert.equal(await page.getByLabel('Base currency').inputValue(), 'INR');
    await page.reload();
    assert.equal(await page.getByLabel('Your name').inputValue(), 'Kavya I.');

    // An app signs in through the API: it shows up on the security page.
    const token = await fetch(`${config.baseURL}/api/v1/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'HisaabAndroid/1.4' },
      body: JSON.stringify({ email: person.email, password: person.password }),
    }).then((r) => r.json());
    const me = () => fetch(`${config.baseURL}/api/v1/me`, { headers: { authorization: `Bearer ${token.access_token}` } });
    assert.equal((await me()).status, 200);

    await page.goto('/settings/security');
    const apiRow = page.locator('#sessions tbody tr').filter({ hasText: 'API sign-in' });
    await expectText(apiRow, 'HisaabAndroid/1.4');
    page.once('dialog', (d) => d.accept());
    await apiRow.getByRole('button', { name: /Sign out/ }).click();
    await page.waitForFunction(() => !document.querySelector('#sessions').textContent.includes('API sign-in'));
    assert.equal((await me()).status, 401, 'its access token is refused at once');
  });
});

describe('mail delivery', () => {
  // A slow mailer fails the run: the worker's queue heartbeat (its fetch
  // cadence when idle) once held mail for ~30 s.
  it('every mail above reached the mailbox within 15 s', { timeout: 1_000 }, () => {
    assert.ok(mailLatencies.length > 0, 'the journeys waited for mail');
    const slow = mailLatencies.filter((m) => m.waitedMs > 15_000).map((m) => `"${m.subject}" to ${m.to}: ${m.waitedMs} ms`);
    assert.equal(slow.length, 0, `${slow.length} slow mail(s):\n${slow.join('\n')}`);
  });
});
