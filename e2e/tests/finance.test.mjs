// Personal finance journey: create two accounts → add income and expenses →
// transfer → reverse one → the dashboard shows the right net worth; a bad
// amount gets an inline error and creates nothing.
//
// The numbers (all USD, the default base currency):
//   Checking  opens 1000.00, +2500.00 salary, −120.45 groceries, −200.00 to Wallet  = 3179.55
//   Wallet    opens   50.00,   −60.00 fuel, +60.00 its reversal, +200.00 from Checking = 250.00
//   Net worth 3179.55 + 250.00 = 3429.55; income this month 2500.00; expense 120.45
//   (the fuel and its reversal cancel; a transfer is neither income nor expense).
// Amounts are shown with the currency's symbol, decimals and grouping: "$3,429.55";
// a negative one shows its minus sign: "−$60.00" ("−60.00" in a column without the symbol).
import assert from 'node:assert/strict';
import { createVerifiedPerson, expectHidden, expectPath, expectText, expectVisible, journey } from '../lib/index.mjs';

/** "2500.00" as shown in USD: "$2,500.00". */
const usd = (amount) => `$${Number(amount.split('.')[0]).toLocaleString('en-US')}.${amount.split('.')[1]}`;

/** The text of an amount (e.g. "$3,179.55") in a `.money` block whose label is `label`. */
function moneyFor(scope, label) {
  return scope.locator('.money').filter({ has: scope.page().locator('.money__label', { hasText: label }) }).locator('.money__amount');
}

/** Opens a finance page from the finance sub-navigation. */
async function openFromSubnav(page, name, path) {
  await page.getByRole('navigation', { name: 'Finance' }).getByRole('link', { name, exact: true }).click();
  await expectPath(page, path);
}

/** The quick-add form on /app/finance/transactions (the filters below reuse some labels). */
const quickAdd = (page) => page.getByRole('region', { name: 'Quick add' });

/** Adds an income or expense with the quick-add form; ends on the new transaction's page. */
async function addTransaction(page, { account, kind, amount, description }) {
  await openFromSubnav(page, 'Transactions', '/app/finance/transactions');
  const form = quickAdd(page);
  await form.getByLabel('Account', { exact: true }).selectOption({ label: `${account} (USD)` });
  await form.getByLabel('Kind', { exact: true }).selectOption({ label: kind });
  await form.getByLabel('Amount', { exact: true }).fill(amount);
  await form.getByLabel('Description').fill(description);
  await form.getByRole('button', { name: 'Add', exact: true }).click();
  await expectPath(page, /^\/app\/finance\/transactions\/[0-9a-f-]{36}$/);
  await expectText(page.getByRole('heading', { level: 1 }), description);
  await expectText(page.locator('.page-header__lede'), `${kind} · `);
  await expectText(moneyFor(page.locator('.page-header'), 'Amount'), usd(amount));
  return new URL(page.url()).pathname;
}

/** Creates an account through the "New account" form; ends on its page. */
async function createAccount(page, { name, kind, opening }) {
  await expectText(page.getByRole('heading', { level: 1 }), 'New account');
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Kind').selectOption({ label: kind });
  await page.getByLabel('Currency').fill('USD');
  await page.getByLabel('Opening balance').fill(opening);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expectPath(page, /^\/app\/finance\/accounts\/[0-9a-f-]{36}$/);
  await expectText(page.getByRole('heading', { level: 1 }), name);
  await expectText(page.locator('.page-header__lede'), `${kind} · USD · opened`);
  await expectText(moneyFor(page.locator('.page-header'), 'Balance'), usd(opening));
  return new URL(page.url()).pathname;
}

/** The rows of a table body as arrays of cell texts (whitespace squashed). */
async function tableRows(rows) {
  return rows.evaluateAll((trs) =>
    trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.innerText.replace(/\s+/g, ' ').trim())),
  );
}

journey('finance: two accounts, income and expenses, a transfer, a reversal, the net worth', (j) => {
  j.step('a confirmed person opens Finance and creates a checking account', async () => {
    j.page = await j.browser.newPage({ width: 1280 });
    const { page } = j;
    await createVerifiedPerson(page, 'finance', 'Farah Iqbal');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Finance' }).click();
    await expectPath(page, '/app/finance');
    await expectText(page.getByRole('heading', { level: 2 }), 'Start with an account');
    await page.getByRole('link', { name: 'Add your first account' }).click();
    await expectPath(page, '/app/finance/accounts/new');
    j.checking = await createAccount(page, { name: 'Checking', kind: 'Checking', opening: '1000.00' });
  });

  j.step('creates a second account, and both are listed with their opening balances', async () => {
    const { page } = j;
    await openFromSubnav(page, 'Accounts', '/app/finance/accounts');
    await page.getByRole('link', { name: 'New account' }).click();
    await expectPath(page, '/app/finance/accounts/new');
    j.wallet = await createAccount(page, { name: 'Wallet', kind: 'Cash', opening: '50.00' });

    await openFromSubnav(page, 'Accounts', '/app/finance/accounts');
    const rows = page.locator('table tbody tr');
    await expectVisible(rows);
    assert.deepEqual(await tableRows(rows), [
      ['Checking', 'Checking', '$1,000.00'],
      ['Wallet', 'Cash', '$50.00'],
    ]);
  });

  j.step('adds a salary and two expenses with the quick-add form', async () => {
    const { page } = j;
    await addTransaction(page, { account: 'Checking', kind: 'Income', amount: '2500.00', description: 'Salary' });
    await addTransaction(page, { account: 'Checking', kind: 'Expense', amount: '120.45', description: 'Groceries' });
    j.fuel = await addTransaction(page, { account: 'Wallet', kind: 'Expense', amount: '60.00', description: 'Fuel' });

    await openFromSubnav(page, 'Transactions', '/app/finance/transactions');
    const rows = page.locator('#tx-rows tr');
    await expectVisible(rows);
    // Newest first: date, description, account, category, amount.
    const seen = (await tableRows(rows)).map(([, description, account, , amount]) => [description, account, amount]);
    assert.deepEqual(seen, [
      ['Fuel', 'Wallet', '−$60.00'],
      ['Groceries', 'Checking', '−$120.45'],
      ['Salary', 'Checking', '$2,500.00'],
    ]);
    await expectText(page.locator('.fin-totals'), 'Income (USD) 2,500.00 Expense (USD) 180.45 Net (USD) 2,319.55');
  });

  j.step('an amount with too many decimals gets an inline error and creates nothing', async () => {
    const { page } = j;
    const form = quickAdd(page);
    const rowsBefore = await page.locator('#tx-rows tr').count();
    await form.getByLabel('Account', { exact: true }).selectOption({ label: 'Checking (USD)' });
    await form.getByLabel('Description').fill('Coffee');
    // Typed, as a person would: the field is checked as it changes.
    await form.getByLabel('Amount', { exact: true }).pressSequentially('12.345', { delay: 20 });
    await expectText(page.locator('#amount-error'), 'USD amounts have at most 2 decimal places.');
    await form.getByRole('button', { name: 'Add', exact: true }).click();
    const summary = page.locator('.error-summary');
    await expectText(summary, 'There is a problem');
    await expectText(summary, 'USD amounts have at most 2 decimal places.');
    assert.equal(new URL(page.url()).pathname, '/app/finance/transactions', 'the page stays on the form');
    const amount = quickAdd(page).getByLabel('Amount', { exact: true });
    assert.equal(await amount.getAttribute('aria-invalid'), 'true');
    assert.equal(await amount.inputValue(), '12.345', 'what was typed is kept');
    assert.equal(await quickAdd(page).getByLabel('Description').inputValue(), 'Coffee');

    // Zero is refused too.
    await amount.fill('0');
    await quickAdd(page).getByRole('button', { name: 'Add', exact: true }).click();
    await expectText(page.locator('.error-summary'), 'Enter an amount greater than zero.');
    await expectText(page.locator('#amount-error'), 'Enter an amount greater than zero.');

    // Nothing was recorded.
    await openFromSubnav(page, 'Transactions', '/app/finance/transactions');
    await expectHidden(page.locator('.error-summary'));
    await expectVisible(page.locator('#tx-rows tr'));
    assert.equal(await page.locator('#tx-rows tr').count(), rowsBefore);
    assert.equal(await page.locator('#tx-rows').getByRole('link', { name: 'Coffee' }).count(), 0);
  });

  j.step('transfers 200.00 from Checking to Wallet', async () => {
    const { page } = j;
    await openFromSubnav(page, 'Transfer', '/app/finance/transfers/new');
    await page.getByLabel('From', { exact: true }).selectOption({ label: 'Checking (USD)' });
    await page.getByLabel('To', { exact: true }).selectOption({ label: 'Wallet (USD)' });
    await page.getByLabel('Amount sent').fill('200.00');
    await page.getByLabel('Description').fill('Cash for the week');
    await page.getByRole('button', { name: 'Transfer', exact: true }).click();
    // Ends on the account the money left.
    await expectPath(page, j.checking);
    await expectText(moneyFor(page.locator('.page-header'), 'Balance'), '$3,179.55');
  });

  j.step('opens the fuel expense and reverses it with a reason', async () => {
    const { page } = j;
    await openFromSubnav(page, 'Transactions', '/app/finance/transactions');
    await page.locator('#tx-rows').getByRole('link', { name: 'Fuel', exact: true }).click();
    await expectPath(page, j.fuel);
    await expectText(page.getByRole('heading', { level: 1 }), 'Fuel');

    const fix = page.getByRole('region', { name: 'Fix a mistake' });
    await fix.getByLabel('Reason').fill('Paid with the company card');
    // The button asks first (hx-confirm); a person says yes.
    const asked = [];
    page.on('dialog', (d) => {
      asked.push(d.message());
      d.accept();
    });
    await fix.getByRole('button', { name: 'Reverse', exact: true }).click();
    await expectText(page.getByRole('heading', { level: 1 }), 'Reversal: Fuel');
    assert.deepEqual(asked, ['Reverse this record? A linked opposite record is added.']);
    await expectText(moneyFor(page.locator('.page-header'), 'Amount'), '−$60.00');
    await expectText(page.locator('.dl'), 'Reverses the original record — Paid with the company card');

    // The original now points at its reversal and can't be reversed twice.
    await page.getByRole('link', { name: 'the original record' }).click();
    await expectPath(page, j.fuel);
    await expectText(page.locator('.dl'), 'Reversed by its reversal');
    assert.equal(await page.getByRole('button', { name: 'Reverse', exact: true }).count(), 0);
  });

  j.step('the dashboard shows the net worth, this month and each account', async () => {
    const { page } = j;
    await openFromSubnav(page, 'Overview', '/app/finance');
    await expectText(page.getByRole('heading', { level: 1 }), 'Your money');
    const stats = page.locator('.fin-stats');
    await expectText(moneyFor(stats, 'Net worth'), '$3,429.55');
    await expectText(moneyFor(stats, 'Balance across accounts'), '$3,429.55');
    await expectText(moneyFor(stats, 'Income this month'), '$2,500.00');
    await expectText(moneyFor(stats, 'Expense this month'), '$120.45');
    const accounts = page.getByRole('region', { name: 'Accounts' }).getByRole('listitem');
    assert.deepEqual(
      (await accounts.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim()),
      ['Checking $3,179.55', 'Wallet $250.00'],
    );
    assert.equal(await page.locator('.notice--warning').count(), 0, 'no missing exchange rate');
  });

  j.step('each account page shows its balance and register', async () => {
    const { page } = j;
    await page.getByRole('region', { name: 'Accounts' }).getByRole('link', { name: 'Wallet' }).click();
    await expectPath(page, j.wallet);
    await expectText(moneyFor(page.locator('.page-header'), 'Balance'), '$250.00');
    const register = page.getByRole('region', { name: 'Transactions' }).locator('tbody tr');
    await expectVisible(register);
    // Newest first, each with the balance after it: 50.00 − 60.00 + 200.00 + 60.00.
    const withoutDate = async () => (await tableRows(register)).map(([, ...rest]) => rest);
    assert.deepEqual(await withoutDate(), [
      ['Reversal: Fuel Reversal', '60.00', '250.00'],
      ['Cash for the week Transfer', '200.00', '190.00'],
      ['Fuel', '−60.00', '−10.00'],
    ]);

    await openFromSubnav(page, 'Accounts', '/app/finance/accounts');
    await page.getByRole('table').getByRole('link', { name: 'Checking' }).click();
    await expectPath(page, j.checking);
    await expectText(moneyFor(page.locator('.page-header'), 'Balance'), '$3,179.55');
    // 1000.00 + 2500.00 − 120.45 − 200.00.
    assert.deepEqual(await withoutDate(), [
      ['Cash for the week Transfer', '−200.00', '3,179.55'],
      ['Groceries', '−120.45', '3,379.55'],
      ['Salary', '2,500.00', '3,500.00'],
    ]);
  });
});
