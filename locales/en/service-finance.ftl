# Messages the service (and the finance pages' handlers) write in English
# that the finance forms show: field errors, refusals and the one-time
# "done" note. Each English text here must be exactly the sentence as it is
# written in the code: the web layer finds a message by that text and shows
# the reader's language (ADR 0031). Sentences built with a changing number,
# currency or date in them are not here.

## Text fields of the finance forms

svc-fin-account-name-blank = Enter a name for the account.
svc-fin-account-name-long = A name for the account must be at most 100 characters.
svc-fin-account-name-chars = A name for the account contains characters that are not allowed.
svc-fin-notes-long = Notes must be at most 2000 characters.
svc-fin-notes-chars = Notes contains characters that are not allowed.
svc-fin-category-name-blank = Enter a name for the category.
svc-fin-category-name-long = A name for the category must be at most 60 characters.
svc-fin-category-name-chars = A name for the category contains characters that are not allowed.
svc-fin-description-long = The description must be at most 200 characters.
svc-fin-description-chars = The description contains characters that are not allowed.
svc-fin-payee-long = The payee must be at most 100 characters.
svc-fin-payee-chars = The payee contains characters that are not allowed.
svc-fin-holding-name-blank = Enter a name.
svc-fin-holding-name-long = A name must be at most 100 characters.
svc-fin-holding-name-chars = A name contains characters that are not allowed.
svc-fin-counterparty-blank = Enter who the loan is with.
svc-fin-counterparty-long = Who the loan is with must be at most 100 characters.
svc-fin-counterparty-chars = Who the loan is with contains characters that are not allowed.
svc-fin-reason-blank = Enter a reason.
svc-fin-reason-long = A reason must be at most 500 characters.
svc-fin-reason-chars = A reason contains characters that are not allowed.
svc-fin-search-blank = Enter search text.
svc-fin-search-long = Search text must be at most 100 characters.
svc-fin-search-chars = Search text contains characters that are not allowed.

## Accounts, categories and transactions

svc-fin-choose-account = Choose one of your accounts.
svc-fin-choose-two-accounts = Choose two of your accounts.
svc-fin-account-archived = This account is archived; restore it to record new transactions.
svc-fin-choose-category = Choose one of your categories.
svc-fin-category-archived = This category is archived; choose another or restore it first.
svc-fin-category-color = Enter a color like #1e88e5.
svc-fin-category-depth = Categories go two levels deep: choose a top-level category as the parent.
svc-fin-category-parent-kind = The parent must be of the same kind (income or expense).
svc-fin-category-parent-not-yours = is not one of your categories
svc-fin-filter-amount = Enter the amount as a number like 12.50.
svc-fin-filter-to-before-from = must be on or after the start date
svc-fin-already-a-reversal = This record is itself a reversal and cannot be reversed.
svc-fin-already-reversed = This record has already been reversed.
svc-fin-social-record = This record belongs to a debt, group expense or settlement: change or delete that instead.
svc-fin-transfer-leg = This is part of a transfer: reverse the transfer and record a new one instead.

## Transfers and exchange rates

svc-fin-transfer-same-account = must be a different account from from_account_id
svc-fin-transfer-to-amount-same-currency = must equal amount when both accounts use the same currency (or be left out)
svc-fin-transfer-rate-same-currency = must be 1 when both accounts use the same currency (or be left out)
svc-fin-rate-positive = must be a positive decimal like 83.125
svc-fin-rate-decimals = must have at most 12 decimal places
svc-fin-rate-same-currency = must be a different currency from `from`

## Loans

svc-fin-loan-rate = Enter a percentage from 0 to 100 like 7.5 (at most 6 decimals).
svc-fin-loan-term = Enter a whole number of months from 1 to 600.

## The one-time note after a change

svc-fin-flash-base-currency-set = Base currency changed: totals are shown in it now.
