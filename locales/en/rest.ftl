# Everything person-facing that is neither finance nor social: the
# settings pages (security, two-factor sign-in, your data, notification
# preferences), the notification centre, the landing and offline pages,
# the shared error page, toast and form pieces, and notification titles.

## The error page and the error toast (shared/).

land-error-code = Error { $status }
land-error-home = Go to the home page
land-go-home = Go to your home page
land-error-reference = If you contact support, quote this reference:
land-toast-reference = reference
# A failure answered to an in-page request; $id is the request id.
land-internal-toast = Something went wrong on our side. Please try again; if it keeps happening, quote request id { $id }.

## Shared form and table pieces (shared/macros.html).

# A person's plan, on their badge.
set-role-superadmin = Superadmin
set-role-support = Support
set-role-premium = Premium
set-role-standard = Standard
# The last row of a long table.
land-load-more = Load more

## Two-factor sign-in pieces (shared/two_factor.html), also on the sign-in
## code page and in the data settings.

set-2fa-code-label = Code from your authenticator app
set-2fa-code-hint = The 6-digit code your app shows now.
set-2fa-code-hint-recovery = The 6-digit code your app shows now. Lost your phone? Enter one of your recovery codes instead.
set-2fa-scan = Scan this QR code with your authenticator app (for example Aegis, Google Authenticator, 1Password or Authy).
set-2fa-qr-caption = QR code holding your two-factor secret
set-2fa-by-hand = Can't scan it? Enter this key in the app by hand (time-based, 6 digits, every 30 seconds):
set-2fa-finish = Enter the code the app shows to finish.
set-2fa-save-codes = Save these recovery codes now.
set-2fa-save-codes-text = Each one signs you in once if you lose your authenticator. They will not be shown again.
set-recovery-codes = Recovery codes

## Settings: security (password, two-factor sign-in, where you're signed in).

set-security-lede = Your password, and the browsers and apps signed in to your account.
set-2fa-title = Two-factor sign-in
set-2fa-on = On. Signing in asks for a code from your authenticator app after your password. Recovery codes left: { $count }.
set-2fa-off = Off. Add a code from an authenticator app to your password, so a stolen password alone cannot sign in.
set-new-recovery-codes = New recovery codes
set-new-recovery-codes-text = Get ten new codes; the old ones stop working.
set-new-recovery-codes-submit = Get new recovery codes
set-2fa-disable-title = Turn off two-factor sign-in
set-your-password = Your password
set-2fa-disable-submit = Turn off
set-2fa-setup-title = Set up two-factor sign-in
set-sessions-title = Where you're signed in
set-sessions-text = Browsers, and apps signed in through the API. Sign out any you don't recognise: it stops working within a second.
set-password-changed = Password changed. Other sessions were signed out.
set-current-password = Current password
set-change-password = Change password
set-sessions-device = Device
set-sessions-ip = IP address
set-sessions-signed-in = Signed in
set-sessions-last-active = Last active
set-sessions-action = Action
set-sessions-api = API sign-in
set-sessions-this-device = This device
set-sessions-confirm-api = Sign this app out?
set-sessions-confirm = Sign this session out?
# Read after "Sign out" by screen readers; $ip is the address.
set-sessions-which-api = this API sign-in ({ $ip })
set-sessions-which = this session ({ $ip })
# Rust-side: device names and unknown values in the list.
set-sessions-unknown-device = Unknown device
set-sessions-browser = Browser
set-sessions-browser-on = { $browser } on { $os }
set-sessions-unknown-ip = unknown

## Settings: turning two-factor sign-in on, and recovery codes.

set-2fa-setup-lede = After your password, signing in will ask for a code from an authenticator app on your phone.
set-2fa-setup-scan = Scan and confirm
set-2fa-setup-submit = Turn on
set-cancel = Cancel
set-2fa-enabled-title = Two-factor sign-in is on
set-2fa-enabled-lede = From now on, signing in asks for a code after your password.
set-recovery-codes-replaced = Your old recovery codes no longer work.
set-recovery-codes-saved = I saved them: back to security
set-recovery-codes-title = Your recovery codes

## Settings: your data (export, import, deleting the account).

set-data-lede = Take everything you keep in Hisaab with you, bring records in from elsewhere, or delete your account.
set-delete-title = Delete your account
set-delete-text = We sign you out everywhere and erase your account after { $days ->
    [one] { $days } day
   *[other] { $days } days
}. Until then, signing in cancels it.
set-delete-erased = Your accounts, transactions, categories, budgets, contacts and private groups are erased for good.
set-delete-shared = Groups and IOUs you share with others stay correct for them: their balances do not change, and you are shown as "Former member".
set-delete-record = We keep a record that the account was erased, without your name or email address.
set-delete-submit = Delete my account
set-export-title = Export
# Around the file name hisaab.json.
set-export-text-before = One zip file:
set-export-text-after = with every record in one documented format, and a CSV file per kind of record (accounts, transactions, groups, expenses, IOUs and the rest) to open in a spreadsheet. We email you and notify you here when it is ready; the download works for { $days ->
    [one] { $days } day
   *[other] { $days } days
}.
set-export-submit = Export all my data
set-export-pending = An export is being prepared; asking again keeps that one.
set-export-caption = Your exports, newest first
set-export-asked = Asked for
set-export-state = State
set-export-size = Size
set-export-download = Download
set-export-download-which = the export of { $asked }
set-export-queued = Waiting to start
set-export-running = Being prepared
set-export-ready = Ready until { $until }
set-export-expired = Expired
set-export-failed = Failed
set-export-none = You have not exported your data yet.
# An export file's size under a kilobyte.
set-size-bytes = { $bytes ->
    [one] { $bytes } byte
   *[other] { $bytes } bytes
}
set-deletion-scheduled-page = Account deletion scheduled
set-deletion-scheduled-title = Your account will be deleted
# Around the date (in bold) the account is erased on.
set-deletion-on-before = On
set-deletion-on-after = we will erase your account.
set-deletion-grace = When the grace period ends we will erase your account.
set-deletion-signed-out = You are signed out everywhere.
set-deletion-changed-mind = Changed your mind? Sign in before then and the deletion is cancelled. We've emailed you the date too.
set-deletion-keep = Sign in to keep my account
set-import-hisaab-title = Import a Hisaab export
set-import-hisaab-text = The zip an export above gave you (from this or another Hisaab account). Everything that account owned is added here with every link kept: accounts and their records with their history, assets, loans, rates, contacts, IOUs, groups and their expenses. Groups and IOUs someone else shared with that account stay with their owner.
set-import-hisaab-file = Hisaab export (.zip)
set-import-max-size = At most 25 MB.
set-import-preview = Preview the import
set-import-splitwise-title = Import a Splitwise group
set-import-splitwise-text = In Splitwise, open the group and choose “Export as spreadsheet”. The group, its people (as contacts: one with the same name is reused) and every expense with its exact shares are created; payments become settlements.
set-import-splitwise-file = The exported file (.csv)
set-import-me = Which column is you
set-import-me-hint = A person's name as the file's header writes it. Leave it empty if you are the first person.
set-import-group-name = Group name
set-import-group-name-hint = Leave it empty to use the file's name.
set-import-bank-title = Import a bank statement
set-import-bank-text = Say which columns hold what; the mapping is remembered for the account. A row with the same date, amount and description as a record already in the account is flagged and not imported twice.
set-import-account = Account
set-import-bank-file = The statement (.csv)
set-import-columns-hint = Name each column by its header, or by its number counting from 1.
set-import-col-date = Date column
set-import-col-description = Description column
set-import-col-amount = Amount column
set-import-col-amount-hint = One signed column: negative is money out. Or leave it empty and give the two columns below.
set-import-col-debit = Money out column
set-import-col-credit = Money in column
set-import-col-balance = Balance column
set-import-col-balance-hint = Shown in the preview, not imported.
set-import-date-format = Dates are written
set-import-decimal = Decimal separator
set-import-decimal-point = Point (1,234.50)
set-import-decimal-comma = Comma (1.234,50)
set-import-no-account = Add an account first: a statement is imported into one of your accounts.
set-import-add-account = Add an account

## Settings: an import's preview.

set-import-title = Import preview
set-import-splitwise-heading = Import “{ $group }” from Splitwise
set-import-bank-heading = Import a statement into { $account }
set-import-imported = Imported.
set-import-not-saved-yet = Nothing is saved until you confirm.
set-import-records-unreadable = { $count ->
    [one] { $count } record cannot be read
   *[other] { $count } records cannot be read
}
set-import-records-unreadable-text = Nothing can be imported until every record can be read. Each is named by its kind, its number in that list and its id.
set-import-lines-unreadable = { $count ->
    [one] { $count } line cannot be read
   *[other] { $count } lines cannot be read
}
set-import-lines-unreadable-text = Nothing can be imported until every line can be read. Correct the file and upload it again.
set-import-unreadable-caption = Lines that cannot be read
set-import-number = Number
set-import-line = Line
set-import-what-is-wrong = What is wrong
set-import-will-create = What will be created
# $by: the email address of the account exported; $date: YYYY-MM-DD.
set-import-exported = Exported { $has_by ->
    [true] from { $by } on { $date }.
   *[other] on { $date }.
}
set-import-added = Everything is added to your account with new ids, every link between records kept; nothing already here is changed or merged{ $non_empty ->
    [true] {" "}(your account already has records: these come beside them, and a contact with the same name as one of yours is a second contact).
   *[other] .
}
set-import-counts-caption = Records per kind
set-import-kind = Kind
set-import-records = Records
set-import-rates-kept = { $count ->
    [one] { $count } exchange rate is for a day you already have a rate for: yours is kept.
   *[other] { $count } exchange rates are for a day you already have a rate for: yours are kept.
}
set-import-links-dropped = { $count ->
    [one] { $count } record was made by someone else's shared expense or payment: imported, without that link.
   *[other] { $count } records were made by someone else's shared expense or payment: imported, without that link.
}
set-import-not-imported = Not imported
# $groups: how many groups; $group_names: “Goa trip”, “Flat”; $records: "3 group expenses, 2 payments".
set-import-shared = Shared with you but kept by their owner, who still has them{ $groups ->
    [0] {""}
    [one] {" "}(the group { $group_names })
   *[other] {" "}(the groups { $group_names })
}: { $records }. Ask them to add you again from this account.
set-import-skipped = About the old account itself: { $records }.
# One kind in the lists above: "3 group expenses".
set-import-kind-count = { $count } { $kind }
set-import-people = People
set-import-name = Name
set-import-becomes = Becomes
set-import-balance-in-file = Balance in the file
set-import-you = You
set-import-your-contact = Your contact { $name }
set-import-new-contact = A new contact
set-import-expenses-heading = { $count ->
    [one] { $count } expense
   *[other] { $count } expenses
}{ $payments ->
    [0] {""}
    [one] {" "}and { $payments } payment
   *[other] {" "}and { $payments } payments
}
set-import-date = Date
set-import-description = Description
set-import-who-paid-owes = Who paid · who owes
set-import-cost = Cost
set-import-share = { $name }: paid { $paid }, owes { $owes }
set-import-payment = Payment: { $from } paid { $to }
set-import-records-heading = { $count ->
    [one] { $count } new record
   *[other] { $count } new records
}{ $duplicates ->
    [0] {""}
   *[other] , { $duplicates } already there
}
set-import-amount = Amount
set-import-import = Import
set-import-duplicate = Duplicate, skipped: { $of }
set-import-new = New
set-import-open-dashboard = Open your dashboard
set-import-open-group = Open the group
set-import-open-account = Open the account
set-import-confirm = Confirm and import
set-import-another = Upload another file
# The kinds of record in a Hisaab export.
set-import-kind-accounts = Accounts
set-import-kind-categories = Categories
set-import-kind-transactions = Records
set-import-kind-transfers = Transfers
set-import-kind-assets = Assets
set-import-kind-liabilities = Liabilities
set-import-kind-valuations = Values of assets and liabilities
set-import-kind-loans = Loans
set-import-kind-loan-payments = Loan payments
set-import-kind-exchange-rates = Exchange rates
set-import-kind-contacts = Contacts
set-import-kind-contact-groups = Contact groups
set-import-kind-contact-group-members = Contact group memberships
set-import-kind-ious = IOUs
set-import-kind-settlements = Payments
set-import-kind-groups = Groups
set-import-kind-members = Group members
set-import-kind-expenses = Group expenses
set-import-kind-expense-lines = Expense shares
set-import-kind-notifications = Notifications
set-import-kind-audit-entries = Audit entries

## Settings: notification preferences.

set-ntf-lede = Choose what you hear about in the app and by email. What you do yourself is never emailed to you.
set-ntf-what = What you hear about
set-ntf-what-text = Turning one off in the app also stops its live updates on your open pages; reload to see changes.
set-ntf-saved = Your notification preferences are saved.
set-ntf-emails = Emails
set-ntf-emails-hint = About what others do: as things happen (a burst in one place within five minutes comes as one email), or in one digest a day or a week, at 06:00 UTC. Each email has a link to stop that kind.
set-ntf-caption = Notifications in the app and by email, by kind
set-ntf-notify-me-when = Notify me when
set-ntf-in-app = In the app
set-ntf-by-email = By email
set-ntf-in-app-kind = In the app: { $kind }
set-ntf-by-email-kind = By email: { $kind }
set-ntf-never-emailed = never emailed: only about your own actions
set-ntf-save = Save preferences

## The notification centre, the bell and the unsubscribe page.

ntf-bell-unread = Notifications, { $count } unread
ntf-lede = What changed in the groups and IOUs you share, and what you did yourself, newest first.
ntf-preferences = Preferences
ntf-filter-label = Which notifications
ntf-filter-all = All
ntf-filter-unread = Unread
ntf-list-unread = Unread notifications
ntf-list-all = All notifications
ntf-mark-all-read = Mark all read
ntf-empty-unread = Nothing unread
ntf-empty = No notifications yet
ntf-up-to-date = You are up to date.
ntf-see-all = See all notifications
ntf-empty-text = When someone adds an expense in a group you share, records a payment with you or invites you, it shows here.
ntf-unread-prefix = Unread:
ntf-mark-read = Mark read
ntf-older = Older notifications
ntf-unsub-page-title = Email notifications
ntf-unsub-invalid-title = This link does not work
ntf-unsub-invalid-text = It may have been copied only in part. To change which emails you get, sign in and open your
# The link to the notification settings, inside two sentences: the text
# before it, the link, the text after it.
ntf-unsub-settings-link = notification settings
ntf-unsub-invalid-after = .
ntf-unsub-done-title = You are unsubscribed
ntf-unsub-done-all = You will get no more notification emails.
# $scope: what the link stops, e.g. "group expenses".
ntf-unsub-scope = You will get no more emails about { $scope }.
ntf-unsub-done-text = You can still see everything in the app. Changed your mind? Turn emails back on in your
ntf-unsub-done-after = .
ntf-unsub-title = Stop these emails?
ntf-unsub-all = You will get no more notification emails from Hisaab.
ntf-unsub-app-unchanged = Nothing changes in the app.
ntf-unsubscribe = Unsubscribe

## The landing page and the offline page.

land-title = Exact money for you and the people you share it with
land-eyebrow = Self-hostable personal & shared finance
# The heading, around its emphasised part.
land-title-before = Know where your money is, and
land-title-em = who owes whom
land-title-after = .
land-lede = Hisaab keeps your accounts and net worth in one place, tracks udhaar with friends and family, and splits group expenses any way you like, then works out the fewest payments to settle up.
land-create-account = Create your account
land-note = Exact to the smallest unit of every currency. Runs on your own server.
# The example group beside the heading.
land-preview-group = Goa trip
land-preview-example = example group
land-preview-people = { $count ->
    [one] { $count } person
   *[other] { $count } people
}
land-preview-overall = Overall, you are owed
land-preview-hotel = Hotel, 2 nights
land-preview-scooter = Scooter rental, dinner
land-preview-train = Train tickets
land-preview-owes-you = owes you
land-preview-you-owe = you owe
land-preview-settle = Settle up in { $payments } payments instead of { $instead }.
land-features-title = One ledger for everything your money touches
land-features-lede = Your own finances and the ones you share, in the same place and always adding up.
land-feature-accounts = Accounts and net worth
land-feature-accounts-text = Bank accounts, cards, cash, loans and assets in any currency. Record transactions and transfers, and watch your net worth month by month.
land-feature-udhaar = Udhaar with your people
land-feature-udhaar-text = Lend and borrow with contacts. See at a glance who owes you and whom you owe, and settle in part or in full.
land-feature-groups = Group expenses, split every way
land-feature-groups-text = Equally, by shares, by percentage or by exact amounts. Hisaab plans the fewest payments that settle the whole group.
land-feature-host = Yours to host
land-feature-host-text = Run it on your own machine with SQLite, or on a server with PostgreSQL. Your financial data stays with you.
land-exact-title = Exact money, no surprises
land-exact-text = Amounts are stored exactly, in each currency's own decimals: no floating-point drift and no lost paisa. When a bill doesn't divide evenly, the remainder goes somewhere predictable, and the split always adds up to the total.
land-exact-splits = Splits that always sum to the bill
land-exact-balances = Balances that always sum to zero across a group
land-exact-history = Corrections kept as history, never silently overwritten
land-exact-words = Owed and owing shown in words, not only in color
land-cta-title = Start keeping hisaab
land-cta-text = Create an account in a minute. Add your first account, or a group for your next trip.
land-cta-have-account = I already have an account
land-offline-title = You are offline
land-offline-lede = Hisaab cannot reach its server right now, so it cannot show your money: nothing is kept on this device.
land-offline-text = Anything you saw saved is safe on the server. Check your connection, then try again.
land-offline-retry = Try again

## Notification titles (shared/notification_title.txt): one line each, in
## the centre, the bell's page and emails. $who is ntf-who; $amount is
## already formatted; the optional facts come with a has_… flag ("true").

# Who did it: $by is "you", "actor" (then $actor is their name) or "someone".
ntf-who = { $by ->
    [you] You
    [actor] { $actor }
   *[someone] Someone
}
# An expense without its description.
ntf-an-expense = an expense
ntf-title-expense-added = { $who } added { $what }{ $has_amount ->
    [true] {" "}({ $amount })
   *[other] {""}
}{ $has_group ->
    [true] {" "}in { $group }
   *[other] {""}
}
ntf-title-expense-changed = { $who } edited { $what }{ $has_amount ->
    [true] {" "}(now { $amount })
   *[other] {""}
}{ $has_group ->
    [true] {" "}in { $group }
   *[other] {""}
}
ntf-title-expense-deleted = { $who } deleted { $what }{ $has_group ->
    [true] {" "}in { $group }
   *[other] {""}
}
ntf-title-expense-restored = { $who } restored { $what }{ $has_group ->
    [true] {" "}in { $group }
   *[other] {""}
}
# $verb: recorded, deleted or restored. $where: "group" (in $group), "between"
# (an IOU between the reader and someone), "contact" (with $contact),
# "shared" (an IOU shared with the reader) or "none".
ntf-title-settlement = { $who } { $verb ->
    [deleted] deleted
    [restored] restored
   *[recorded] recorded
} a payment{ $has_amount ->
    [true] {" "}of { $amount }
   *[other] {""}
}{ $where ->
    [group] {" "}in { $group }
    [between] {" "}on an IOU between you
    [contact] {" "}with { $contact }
    [shared] {" "}on an IOU shared with you
   *[none] {""}
}
# $owes: "contact-lent" ($contact owes the reader), "contact-borrowed" (the
# reader owes $contact), "lent", "borrowed", or "none" (no amount known).
ntf-title-debt-recorded = { $who } recorded an IOU{ $owes ->
    [contact-lent] : { $contact } owes you { $amount }
    [contact-borrowed] : you owe { $contact } { $amount }
    [lent] : you are owed { $amount }
    [borrowed] : you owe { $amount }
   *[none] {""}
}
# $verb: changed, corrected, deleted or restored; $side: "contact" (with
# $contact), "you" (shared with the reader) or "none".
ntf-title-debt = { $who } { $verb ->
    [changed] changed the details of
    [corrected] corrected
    [deleted] deleted
   *[restored] restored
} an IOU{ $side ->
    [contact] {" "}with { $contact }
    [you] {" "}with you
   *[none] {""}
}{ $has_amount ->
    [true] { $verb ->
        [corrected] {" "}to { $amount }
       *[other] {" "}of { $amount }
    }
   *[other] {""}
}
ntf-title-debt-reminder = Reminder: { $owes ->
    [contact-lent] { $contact } owes you
    [contact-borrowed] you owe { $contact }
    [lent] you are owed
   *[borrowed] you owe
}{ $has_amount ->
    [true] {" "}{ $amount }
   *[other] {""}
} on an IOU that is due
ntf-title-reminder-sent-by-you = You sent { $has_contact ->
    [true] { $contact }
   *[other] a contact
} a reminder{ $has_amount ->
    [true] {" "}of { $amount }
   *[other] {""}
}
ntf-title-reminder-sent = { $who } reminds you that you owe them{ $has_amount ->
    [true] {" "}{ $amount }
   *[other] {""}
}
ntf-title-group-created = { $who } created the group { $name }
ntf-title-group-changed = { $who } changed the settings of { $has_group ->
    [true] { $group }
   *[other] a group
}
# $member: "you", "named" ($name) or "someone".
ntf-title-member-added = { $who } added { $member ->
    [you] you
    [named] { $name }
   *[someone] someone
} to { $has_group ->
    [true] { $group }
   *[other] a group
}
ntf-title-member-removed = { $who } removed { $member ->
    [you] you
    [named] { $name }
   *[someone] someone
} from { $has_group ->
    [true] { $group }
   *[other] a group
}
ntf-title-member-left = { $who } left { $has_group ->
    [true] { $group }
   *[other] a group
}
# $invitee: "contact" ($contact), "a-contact" or "you".
ntf-title-invitation-sent = { $who } invited { $invitee ->
    [contact] { $contact }
    [a-contact] a contact
   *[you] you
} to share IOUs and groups
# $verb: accepted or declined.
ntf-title-invitation-answered = { $by_you ->
    [true] You { $verb ->
        [declined] declined
       *[accepted] accepted
    } an invitation to share
   *[other] { $who } { $verb ->
        [declined] declined
       *[accepted] accepted
    } your invitation to share
}
# $side: "contact" ($contact), "a-contact" or "you".
ntf-title-contact-unlinked = { $who } stopped sharing with { $side ->
    [contact] { $contact }
    [a-contact] a contact
   *[you] you
}
ntf-title-contact-created = { $who } added the contact { $name }
ntf-title-contact-changed = { $who } { $archived ->
    [true] archived
   *[other] changed
} the contact { $name }
ntf-title-account-created = { $who } opened the account { $name }
# $verb: recorded or reversed; $flow: income, expense or other.
ntf-title-transaction = { $who } { $verb ->
    [reversed] reversed
   *[recorded] recorded
} { $flow ->
    [income] income
    [expense] an expense
   *[other] a transaction
}{ $has_amount ->
    [true] {" "}of { $amount }
   *[other] {""}
}
ntf-title-transfer-recorded = { $who } recorded a transfer{ $has_amount ->
    [true] {" "}of { $amount }
   *[other] {""}
}
ntf-title-loan-created = { $who } added a loan{ $has_with ->
    [true] {" "}with { $counterparty }
   *[other] {""}
}{ $has_amount ->
    [true] {" "}of { $amount }
   *[other] {""}
}
ntf-title-loan-payment = { $who } recorded a loan payment{ $has_amount ->
    [true] {" "}of { $amount }
   *[other] {""}
}
ntf-title-asset-created = { $who } added the asset { $name }
ntf-title-liability-created = { $who } added the liability { $name }
ntf-title-asset-valued = { $who } recorded an asset's value{ $has_amount ->
    [true] {" "}of { $amount }
   *[other] {""}
}
ntf-title-liability-balance = { $who } recorded a liability's balance{ $has_amount ->
    [true] {" "}of { $amount }
   *[other] {""}
}
ntf-title-export-ready = Your data export is ready to download

## What a person calls each kind of notification, and their groups (the
## preferences table, unsubscribe links).

ntf-category-expenses = Group expenses
ntf-category-payments = Payments
ntf-category-ious = IOUs
ntf-category-groups = Groups
ntf-category-sharing = Contacts and sharing
ntf-category-finance = Your finances
# What an unsubscribe link for every notification email stops.
ntf-scope-anything = anything
ntf-digest-off = As things happen
ntf-digest-daily = Once a day
ntf-digest-weekly = Once a week
ntf-kind-expense-added = An expense is added
ntf-kind-expense-changed = An expense is changed
ntf-kind-expense-deleted = An expense is deleted
ntf-kind-expense-restored = A deleted expense is restored
ntf-kind-settlement-recorded = A payment is recorded
ntf-kind-settlement-deleted = A payment is deleted
ntf-kind-settlement-restored = A deleted payment is restored
ntf-kind-debt-recorded = An IOU is recorded
ntf-kind-debt-changed = An IOU's details are changed
ntf-kind-debt-corrected = An IOU is corrected
ntf-kind-debt-deleted = An IOU is deleted
ntf-kind-debt-restored = A deleted IOU is restored
ntf-kind-debt-reminder = An IOU is due, and weekly while it is overdue
ntf-kind-debt-reminder-sent = Someone reminds you of an IOU
ntf-kind-group-created = You create a group
ntf-kind-group-changed = A group's settings change
ntf-kind-member-added = Someone joins a group
ntf-kind-member-left = Someone leaves a group
ntf-kind-member-removed = Someone is removed from a group
ntf-kind-invitation-sent = An invitation to share is sent
ntf-kind-invitation-accepted = An invitation is accepted
ntf-kind-invitation-declined = An invitation is declined
ntf-kind-contact-unlinked = Sharing with a contact stops
ntf-kind-contact-created = You add a contact
ntf-kind-contact-changed = You change a contact
ntf-kind-account-created = You open an account
ntf-kind-transaction-recorded = You record a transaction
ntf-kind-transaction-reversed = You reverse a transaction
ntf-kind-transfer-recorded = You record a transfer
ntf-kind-loan-created = You add a loan
ntf-kind-loan-payment-recorded = You record a loan payment
ntf-kind-asset-created = You add an asset
ntf-kind-asset-valued = You value an asset
ntf-kind-liability-created = You add a liability
ntf-kind-liability-balance-recorded = You record a liability's balance
