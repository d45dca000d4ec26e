# Personal finance: every page under /app/finance (templates/web/finance)
# and the words their handlers build (web/src/pages/finance).

## Words many finance pages share

fin-overview = Overview
fin-accounts = Accounts
fin-account = Account
fin-transactions = Transactions
fin-transaction = Transaction
fin-net-worth = Net worth
fin-assets = Assets
fin-liabilities = Liabilities
fin-loans = Loans
fin-transfer = Transfer
fin-categories = Categories
fin-category = Category
fin-rates = Rates
fin-exchange-rates = Exchange rates
fin-settings = Settings
fin-settings-title = Finance settings
fin-name = Name
fin-kind = Kind
fin-currency = Currency
fin-currency-hint = ISO 4217 code: USD, EUR, INR, JPY…
fin-notes = Notes
fin-date = Date
fin-amount = Amount
fin-description = Description
fin-payee = Payee
fin-tags = Tags
fin-tags-hint = Separate with commas.
fin-balance = Balance
fin-income = Income
fin-expense = Expense
fin-net = Net
fin-rate = Rate
fin-as-of = As of
fin-save = Save
fin-add = Add
fin-archive = Archive
fin-restore = Restore
fin-archived = Archived
fin-change = Change
fin-no-category = No category
fin-no-description = (no description)
fin-reversal = Reversal
fin-reversed = Reversed
fin-show-numbers = Show the numbers
fin-add-transaction = Add a transaction
fin-add-an-account = Add an account
fin-add-first-account = Add your first account
fin-new-account = New account
fin-you-owe = You owe
fin-you-are-owed = You are owed
fin-interest = Interest
fin-principal = Principal
fin-outstanding = Outstanding
fin-instalment = Instalment
# A category's kind after its name in a list ("Food · expense").
fin-flow-kind = { $kind ->
    [income] income
   *[expense] expense
}
# After a list of currency codes ("EUR, INR").
fin-missing-rates = No exchange rate for { $currencies }: those amounts are left out of the totals.
fin-add-rate = Add a rate
fin-totals-in = Totals in { $currency }.

## Kinds of account, asset and liability

fin-kind-cash = Cash
fin-kind-checking = Checking
fin-kind-savings = Savings
fin-kind-credit-card = Credit card
fin-kind-wallet = Wallet
fin-kind-investment = Investment
fin-kind-other = Other
fin-kind-property = Property
fin-kind-vehicle = Vehicle
fin-kind-cash-equivalent = Cash equivalent
fin-kind-credit-card-debt = Credit card debt
fin-kind-mortgage = Mortgage
fin-kind-personal-loan = Personal loan

## Chart labels: a month's short name

fin-month-1 = Jan
fin-month-2 = Feb
fin-month-3 = Mar
fin-month-4 = Apr
fin-month-5 = May
fin-month-6 = Jun
fin-month-7 = Jul
fin-month-8 = Aug
fin-month-9 = Sep
fin-month-10 = Oct
fin-month-11 = Nov
fin-month-12 = Dec

## Dashboard (/app/finance)

fin-dash-title = Your money
fin-dash-suggest = Your accounts are in { $accounts }, but totals are shown in { $base }.
fin-dash-use-base = Use { $currency } as your base currency
fin-dash-or-change-base = {" "}or change the base currency
fin-dash-empty-title = Start with an account
fin-dash-empty-text = Add the account you use most and its balance today; then record income and expenses as they happen.
# How net worth moved this month; $amount is already formatted.
fin-dash-change = { $direction ->
    [down] Down { $amount } this month
   *[up] Up { $amount } this month
}
fin-dash-total-balance = Balance across accounts
fin-dash-income-month = Income this month
fin-dash-expense-month = Expense this month
fin-dash-owed-to-you = Owed to you ({ $currency })
fin-dash-people = People
fin-dash-flow-title = Cash flow, last 12 months
fin-dash-chart-no-rate = Nothing to chart in { $base }: there is no exchange rate for { $currencies } yet, so those amounts are left out.
fin-dash-chart-empty = Nothing to chart yet: no income or expense recorded in the last 12 months.
fin-dash-chart-title = Income and expense per month
fin-dash-chart-desc = Bars for each of the last 12 months: income first, expense second. The table below has the numbers.
fin-dash-flow-caption = Cash flow per month
fin-dash-month = Month
fin-dash-recent = Recent
fin-dash-no-recent = No transactions yet.
fin-dash-add-first = Add the first one

## Accounts

fin-accounts-lede = Balances are your opening balance plus every transaction.
fin-accounts-caption = Your accounts
fin-accounts-empty-title = No accounts yet
fin-accounts-empty-text = Start with the account you use most — your bank account or the cash in your wallet — and its balance today.
fin-account-name-hint = Like “HDFC savings” or “Wallet”.
fin-opening-balance = Opening balance
fin-opening-balance-hint = What the account held on the opening date. Negative for a card's debt.
fin-opening-date = Opening date
fin-account-create = Create account
# Followed by the opening balance: "opened 1 Jan 2026 with $100.00".
fin-account-opened = opened { $date } with
fin-account-register-caption = Transactions with the balance after each
fin-account-see-all = See all transactions of this account
fin-account-empty-title = No transactions yet
fin-account-empty-text = Record what came in and went out of this account, and its balance follows.
fin-account-edit = Edit account
fin-account-restore = Restore account
fin-account-archive-confirm = Archive this account? Its history stays; you can restore it later.
fin-account-archive = Archive account

## Transactions

fin-tx-lede = Filter, search and add income and expenses.
fin-tx-quick-add = Quick add
fin-tx-amount-hint = Up to the currency's decimals.
fin-tx-no-account-title = Add an account first
fin-tx-no-account-text = Every transaction belongs to an account. Create one, then record what comes in and goes out.
fin-tx-history = History
fin-tx-search = Search
fin-tx-all-accounts = All accounts
fin-tx-all-categories = All categories
fin-tx-income-and-expense = Income and expense
fin-tx-from = From
fin-tx-to = To
fin-tx-min-amount = Min amount
fin-tx-max-amount = Max amount
fin-tx-tag = Tag
fin-tx-filter = Filter
fin-tx-totals-label = Totals for these filters
fin-tx-income-in = Income ({ $currency })
fin-tx-expense-in = Expense ({ $currency })
fin-tx-net-in = Net ({ $currency })
fin-tx-caption = Transactions, newest first
fin-tx-nothing-title = Nothing here
fin-tx-nothing-text = No transactions match. Clear the filters, or add one above.
fin-tx-load-more = Load more

## One transaction

fin-tx-transfer-note = One leg of a transfer between your accounts; not counted as income or expense.
fin-tx-reverses = Reverses
fin-tx-the-original = the original record
fin-tx-reversed-by = Reversed by
fin-tx-its-reversal = its reversal
fin-tx-corrects = Corrects
fin-tx-corrected-by = Corrected by
fin-tx-the-corrected = the corrected record
fin-tx-edit-title = Edit details
fin-tx-edit-text = Amounts and dates never change in place; every edit here is kept in the history.
fin-tx-save-details = Save details
fin-tx-fix-title = Fix a mistake
fin-tx-reverse-confirm = Reverse this record? A linked opposite record is added.
fin-tx-reason = Reason
fin-tx-reason-hint = Why this record is wrong, e.g. “entered twice”.
fin-tx-reverse = { $transfer ->
    [yes] Reverse the transfer
   *[no] Reverse
}
fin-tx-correct-title = Correct it
fin-tx-correct-submit = Record the correction
fin-tx-no-edits = No edits since it was recorded.
# The name of a field in the edit history.
fin-tx-field-description = description
fin-tx-field-payee = payee
fin-tx-field-notes = notes
fin-tx-field-tags = tags
fin-tx-field-category = category_id

## Transfers

fin-transfer-title = Transfer between accounts
fin-transfer-lede = Moves money without counting it as income or expense.
fin-transfer-from = From
fin-transfer-to = To
fin-transfer-amount = Amount sent
fin-transfer-amount-hint = In the currency of the account it leaves.
fin-transfer-to-amount = Amount received
fin-transfer-to-amount-hint = Only across currencies: what arrived. Leave empty to use the rate.
fin-transfer-rate-hint = Only across currencies: units received per unit sent. Empty uses your recorded rate for the date.
fin-transfer-empty-title = You need two accounts
fin-transfer-empty-text = A transfer moves money between two of your accounts. Add another account first.

## Categories

fin-categories-lede = Income and expense categories, two levels deep. Archived ones stay on old records.
fin-categories-action = Action
fin-category-new = New category
fin-category-parent = Parent
fin-category-parent-none = None (top level)
fin-category-color = Color
fin-category-color-hint = Like #1e88e5.
fin-category-add = Add category

## Exchange rates

fin-rates-lede = Rates you record convert totals into your base currency ({ $currency }). A record uses the latest rate on or before its date.
fin-rates-record = Record a rate
fin-rates-from = From currency
fin-rates-from-hint = 1 unit of this…
fin-rates-to = To currency
fin-rates-rate-hint = …is worth this many of the other, like 83.25.
fin-rates-save = Save rate
fin-rates-import-title = Import CSV
fin-rates-import-failed = Nothing was imported
# One refused line of an import, before the reason.
fin-rates-import-line = Line { $line } ({ $field }):
fin-rates-imported = { $count ->
    [one] Imported { $count } rate.
   *[other] Imported { $count } rates.
}
fin-rates-csv-label = Lines of
fin-rates-import = Import
fin-rates-caption = Recorded rates, newest first
fin-rates-pair = Pair
fin-rates-empty-title = No rates yet
fin-rates-empty-text = Only needed if you keep accounts in more than one currency. Record one above or import a CSV.

## Finance settings

fin-settings-saved = Saved.
fin-settings-base = Base currency
fin-settings-base-hint = Totals, cash flow and the dashboard are shown in this currency (ISO 4217 code).

## Net worth

fin-nw-lede = Accounts + assets − liabilities − loans you owe + loans you gave, in { $currency }.
fin-nw-today = Net worth today
fin-nw-have = What you have
fin-nw-owe = What you owe
fin-nw-empty-title = Nothing counted yet
fin-nw-empty-start = Add your
fin-nw-empty-accounts = accounts
fin-nw-empty-assets = assets
fin-nw-empty-liabilities = liabilities
fin-nw-empty-and = and
fin-nw-empty-loans = loans
fin-nw-empty-end = ; your net worth and its history appear here.
fin-nw-history-title = The last 12 months
fin-nw-chart-title = Net worth at each month end
fin-nw-chart-desc = A line through your net worth at the end of each of the last 12 months; the table below has the numbers.
fin-nw-caption = Net worth per month end
fin-nw-have-short = Have
fin-nw-owe-short = Owe
fin-nw-breakdown = Breakdown
fin-nw-breakdown-caption = Everything counted in your net worth
fin-nw-in-base = In { $currency }
fin-nw-no-rate = no rate
fin-nw-item-account = Account
fin-nw-item-asset = Asset
fin-nw-item-liability = Liability
fin-nw-item-loan-borrowed = Loan you owe
fin-nw-item-loan-lent = Loan you gave
fin-nw-item-people = People (IOUs and groups)

## Assets and liabilities ($side is "assets" or "liabilities")

fin-asset-value = Value
fin-asset-values = Valuations
fin-liability-values = Balances
fin-assets-lede = What you own besides your accounts: property, vehicles, investments. Record a value whenever you know it.
fin-assets-empty = Add your home, car or investments with what they are worth today; add new valuations as they change.
fin-liabilities-lede = What you owe outside your loans: card debt, a mortgage. Record the balance from each statement.
fin-liabilities-empty = Add a card balance or a mortgage with what you owe today; add new balances from each statement.
fin-holdings-yours = { $side ->
    [liabilities] Your liabilities
   *[assets] Your assets
}
fin-holdings-caption = { $side ->
    [liabilities] Your liabilities with their latest balance
   *[assets] Your assets with their latest value
}
fin-holdings-archived = archived
fin-holdings-empty-title = { $side ->
    [liabilities] No liabilities yet
   *[assets] No assets yet
}
fin-holdings-add-title = { $side ->
    [liabilities] Add a liability
   *[assets] Add an asset
}
fin-holdings-value-today = { $side ->
    [liabilities] Balance today
   *[assets] Value today
}
fin-holdings-value-hint = Leave empty to add it later.
fin-holdings-add = { $side ->
    [liabilities] Add liability
   *[assets] Add asset
}
fin-holding-value-on = { $side ->
    [liabilities] Balance on { $date }
   *[assets] Value on { $date }
}
fin-holding-values-caption = { $side ->
    [liabilities] Balances, newest first
   *[assets] Valuations, newest first
}
fin-holding-nothing-yet = { $side ->
    [liabilities] Nothing recorded yet: add the balance you know today.
   *[assets] Nothing recorded yet: add the value you know today.
}
fin-holding-record = { $side ->
    [liabilities] Record a balance
   *[assets] Record a value
}
fin-holding-value-hint = Recording a date again replaces its value. Record 0 when it is sold or paid off.

## Loans

fin-loans-lede = Loans you took and loans you gave, with their schedules and what is left to pay.
fin-loans-yours = Your loans
fin-loans-caption = Your loans and what is outstanding
fin-loans-with = With
fin-loans-direction = Direction
fin-loans-empty-title = No loans yet
fin-loans-empty-text = Add a loan with its amount, rate and term to see its full repayment schedule; record payments as you make or receive them.
fin-loans-add-title = Add a loan
fin-loans-with-hint = The bank or person.
fin-loans-rate = Interest rate (% per year)
fin-loans-rate-hint = Like 7.5; 0 for an interest-free loan.
fin-loans-term = Term (months)
fin-loans-start = Start date
fin-loans-payments = Payments
fin-loans-add = Add loan
fin-loans-borrowed = I borrowed (I owe)
fin-loans-lent = I lent (I am owed)
fin-loans-monthly = Monthly
fin-loans-weekly = Weekly
fin-loans-quarterly = Quarterly
fin-loan-title = { $direction ->
    [borrowed] Loan from { $name }
   *[lent] Loan to { $name }
}
fin-loan-lede = { $rate }% a year · { $months ->
    [one] { $months } month
   *[other] { $months } months
} · { $frequency ->
    [weekly] weekly
    [quarterly] quarterly
   *[monthly] monthly
} from { $date }
fin-loan-still-owe = You still owe
fin-loan-still-owed = You are still owed
fin-loan-interest-paid = Interest paid so far
fin-loan-progress = Progress
# $amount is already formatted.
fin-loan-repaid = { $count ->
    [one] { $percent }% of { $amount } repaid ({ $count } payment)
   *[other] { $percent }% of { $amount } repaid ({ $count } payments)
}
fin-loan-pay-title = Record a payment
fin-loan-pay-amount-hint = Interest for the period is paid first, the rest reduces the principal.
fin-loan-pay-account = From or to account
fin-loan-pay-no-account = No account transaction
fin-loan-pay-account-hint = Also records the money leaving (or arriving in) this account.
fin-loan-pay-submit = Record payment
fin-loan-payments-caption = Recorded payments
fin-loan-no-payments = No payments yet.
fin-loan-schedule = Amortization schedule
# Followed by the total interest, then fin-loan-total-paid and the total paid.
fin-loan-total-interest = Total interest
fin-loan-total-paid = ; total paid
fin-loan-schedule-caption = Every payment with its interest, principal and what remains
fin-loan-due = Due
fin-loan-payment = Payment
