// Waiting assertions (playwright-core has no `expect`): each polls until the
// page agrees or the timeout passes, then fails with what it saw.
import { config } from './env.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function poll(check, describe, timeout = config.actionTimeout) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await check();
      if (last.ok) return last.value;
    } catch (e) {
      last = { seen: `error: ${e.message.split('\n')[0]}` };
    }
    if (Date.now() > deadline) throw new Error(`${describe()} (after ${timeout} ms; saw ${last?.seen ?? 'nothing'})`);
    await sleep(100);
  }
}

const matchText = (text, expected) => (expected instanceof RegExp ? expected.test(text) : text.includes(expected));
const squash = (s) => s.replace(/\s+/g, ' ').trim();

/** Waits until the locator's first match is visible and its text contains `expected` (string or RegExp). */
export async function expectText(locator, expected, { timeout } = {}) {
  return poll(
    async () => {
      const el = locator.first();
      if (!(await el.isVisible())) return { ok: false, seen: 'not visible' };
      const text = squash(await el.innerText());
      return { ok: matchText(text, expected), value: text, seen: JSON.stringify(text.slice(0, 300)) };
    },
    () => `expected ${locator} to show ${expected}`,
    timeout,
  );
}

/** Waits until the locator matches at least one visible element. */
export async function expectVisible(locator, { timeout } = {}) {
  await locator.first().waitFor({ state: 'visible', timeout: timeout ?? config.actionTimeout });
}

/** Waits until the locator matches nothing visible. */
export async function expectHidden(locator, { timeout } = {}) {
  await locator.first().waitFor({ state: 'hidden', timeout: timeout ?? config.actionTimeout });
}

/** Waits until the page's path (and query, if `expected` has one) matches. */
export async function expectPath(page, expected, { timeout } = {}) {
  return poll(
    async () => {
      const url = new URL(page.url());
      const actual = expected instanceof RegExp || String(expected).includes('?') ? url.pathname + url.search : url.pathname;
      return { ok: expected instanceof RegExp ? expected.test(actual) : actual === expected, seen: page.url() };
    },
    () => `expected the page to be at ${expected}`,
    timeout,
  );
}

/** Waits until an attribute has the value (string or RegExp). */
export async function expectAttribute(locator, name, expected, { timeout } = {}) {
  return poll(
    async () => {
      const value = await locator.first().getAttribute(name);
      return { ok: value !== null && matchText(value, expected), value, seen: JSON.stringify(value) };
    },
    () => `expected ${locator} to have ${name}=${expected}`,
    timeout,
  );
}
