# The social pages: balances, contacts and IOUs, groups, the expense form,
# payments, settle-up plans, contact groups and invitations.
# Some messages are markup (links) or keep their quote marks and slashes as
# typed: the templates output them unescaped, so no message has < or & in it
# except as markup.
# Arguments that are names ($name, $from, $to) are the people as the
# reader's data names them; $amount is an amount already written for the
# reader (₹4,600.00), sometimes with its markup.

## Page titles (and the headings that say the same)
soc-title-balances = Balances
soc-title-contacts = Contacts
soc-title-contact = Contact
soc-title-edit-contact = Edit { $name }
soc-title-contact-groups = Contact groups
soc-title-groups = Groups
soc-title-group = Group
soc-title-group-settings = { $name } · settings
soc-title-add-expense = Add an expense
soc-title-edit-expense = Edit expense
soc-title-preview = Preview
soc-title-invitations = Invitations

## Balances: the words before an amount ("owes you ₹500")
soc-owes-you = owes you
soc-is-owed = is owed
soc-you-owe = you owe
soc-owes = owes
soc-settled-up = settled up
# A member's balance when the member is the reader ("You" · "are owed").
soc-are-owed = are owed
soc-owe = owe
soc-you-are-owed = you are owed
soc-member-is-owed = is owed { $amount }
soc-member-owes = owes { $amount }

## The balances page
soc-balances-lede = Who owes whom across your IOUs and groups.
soc-total-owed-to-you = You are owed
soc-total-you-owe = You owe
soc-total-overall = Overall
soc-overdue-title = Overdue IOUs
# $who is the contact's name as a link; $due a date.
soc-overdue-owes-you = { $who } owes you { $amount }, due { $due }.
soc-overdue-owes-you-for = { $who } owes you { $amount } for “{ $reason }”, due { $due }.
soc-overdue-you-owe = You owe { $who } { $amount }, due { $due }.
soc-overdue-you-owe-for = You owe { $who } { $amount } for “{ $reason }”, due { $due }.
soc-overdue = Overdue
soc-balances-by-person = Balances by person
soc-person = Person
soc-balance = Balance
soc-shared-with-you = Shared with you
soc-shared-with-you-text = Your balance in groups and IOUs that others share with you; it counts in the totals above.
soc-shared-caption = Balances in what others share with you
soc-shared-whose = Whose groups and IOUs
soc-your-balance = Your balance
soc-all-square = All square
soc-all-square-text = Nobody owes anybody. Add a contact to record an IOU, or start a group for shared bills.

## Contacts
soc-contacts-lede = The people you lend to, borrow from and split bills with.
soc-current-contacts = Current contacts
soc-archived-contacts = Archived contacts
soc-your-contacts = Your contacts
soc-search-contacts = Search contacts
soc-search-contacts-placeholder = Search by name, email or phone
soc-add-a-contact = Add a contact
soc-add-contact = Add contact
soc-no-contact-matches = No contact matches “{ $q }”.
soc-no-archived-contacts = No archived contacts.
soc-no-contacts-yet = No contacts yet. Add the first person you share money with.
soc-label-name = Name
soc-label-email = Email
soc-label-phone = Phone
soc-label-notes = Notes
soc-email-hint = Needed to invite them to see what you share.
soc-details = Details
soc-archived = Archived
soc-save = Save
soc-edit = Edit
soc-edit-or-restore = Edit or restore
soc-restore = Restore
soc-archive = Archive
soc-contact-is-archived = { $name } is archived: hidden from your contacts, with their history and balances kept.
soc-restore-contact = Restore contact
soc-archiving-contact = Archiving hides { $name } from your contacts. Their history and balances are kept, and you can restore them.
soc-archive-confirm = Archive { $name }?
soc-archive-contact = Archive contact

## A contact's page: IOUs
soc-you-are-settled-up = You are settled up.
soc-record-iou = Record an IOU
soc-what-happened = What happened
soc-i-lent-to = I lent to { $name }
soc-i-borrowed-from = I borrowed from { $name }
soc-label-amount = Amount
soc-label-currency = Currency
soc-currency-hint = A code like INR, USD or EUR.
soc-label-date = Date
soc-label-reason = Reason
soc-label-due-date = Due date
soc-label-direction = Direction
soc-label-account = From or into an account
soc-not-through-account = — Not through an account —
soc-record = Record
soc-sharing = Sharing
soc-share-accepted = { $name } accepted your invitation: you both see your IOUs and the groups you share.
soc-stop-sharing = Stop sharing
soc-invitation-sent = Invitation sent to { $email }.
soc-invite-to-see = Invite { $name } to see what you share.
soc-send-again = Send again
soc-invite-by-email = Invite by email
soc-add-email-to-invite = Add an email address to invite { $name }.
soc-ious = IOUs
soc-iou = IOU
soc-iou-deleted = IOU of { $amount } deleted.
soc-undo = Undo
soc-outstanding = Outstanding
soc-settle = Settle
soc-settled = Settled
soc-you-lent = You lent
soc-you-borrowed = You borrowed
soc-due = due { $date }
soc-amount-paid = Amount paid
soc-method = Method
soc-send-reminder = Send a reminder
soc-remind-label = Send a reminder to { $name } about this IOU
soc-change-iou = Change this IOU
soc-edit-details = Edit the details
soc-save-details = Save details
soc-correct-amount = Correct the amount
soc-correct-hint = The IOU is replaced by a corrected one; the change is kept in its history.
soc-correct = Correct
soc-paid-cannot-delete = Payments are recorded on this IOU, so it can't be deleted: correct it instead.
soc-delete-iou = Delete this IOU
soc-iou-history = History ({ $count })
soc-no-ious-with = No IOUs with { $name } yet.
soc-deleted-ious = Deleted IOUs
soc-history = History
soc-what = What
soc-change = Change
soc-balance-after = Balance after
soc-payment = Payment
soc-group-expense = Group expense
soc-group-payment = Group payment
soc-debts-simplified = Debts simplified
soc-nothing-yet = Nothing yet.

## An IOU's status
soc-status-open = open
soc-status-partially-settled = partially settled
soc-status-settled = settled

## How a payment was made
soc-method-cash = cash
soc-method-bank-transfer = bank transfer
soc-method-upi = upi
soc-method-card = card
soc-method-other = other

## Payments (on a group's or a contact's page)
soc-payments = Payments
soc-actions = Actions
soc-you-paid = You paid { $to }
soc-paid-you = { $from } paid you
soc-someone-paid = { $from } paid { $to }
soc-payment-delete-confirm = Delete this payment of { $amount }? Balances go back to what they were before it; you can undo this.
soc-delete = Delete
soc-the-payment-of = the payment of { $amount } on { $date }
soc-deleting-the-payment-of = deleting the payment of { $amount } on { $date }
soc-no-payments = No payments yet.
soc-deleted-payments = Deleted payments

## Contact groups
soc-contact-groups-lede = Roommates, family, a trip, work: keep people together and start an expense group with all of them.
soc-your-contact-groups = Your contact groups
soc-nobody-yet = nobody yet
soc-start-expense-group = Start an expense group
soc-no-contact-groups = No contact groups yet.
soc-new-contact-group = New contact group
soc-kind = Kind
soc-people = People
soc-no-contacts-add-some = No contacts yet: <a href="/social/contacts">add some</a> first.
soc-create = Create
soc-kind-roommates = roommates
soc-kind-family = family
soc-kind-trip = trip
soc-kind-work = work
soc-kind-friends = friends
soc-kind-other = other

## Groups
soc-groups-lede = Trips, flats and dinners: shared bills split exactly.
soc-current-groups = Current groups
soc-archived-groups = Archived groups
soc-your-groups = Your groups
soc-member-count = { $count ->
    [one] { $count } member
   *[other] { $count } members
}
soc-no-archived-groups = No archived groups
soc-no-groups-yet = No groups yet
soc-no-archived-groups-text = A group you archive from its settings is kept here.
soc-no-groups-text = Start one below with the people you share bills with.
soc-start-a-group = Start a group
soc-group-name = Group name
soc-group-currency-hint = Balances are kept in this currency, e.g. INR or USD.
soc-members = Members
soc-you-are-always-in = (you are always in)
soc-no-contacts-start-alone = No contacts yet: <a href="/social/contacts">add some</a> first, or start with just you.
soc-simplify = Simplify debts (fewest payments to settle up)
soc-start-group = Start group

## A group's page
soc-settings = Settings
soc-expenses = Expenses
soc-search = Search
soc-member = Member
soc-everyone = Everyone
soc-from = From
soc-to = To
soc-category = Category
soc-all-categories = All categories
soc-filter = Filter
soc-deleted = Deleted
soc-activity = Activity
soc-expenses-caption = Expenses, newest first
soc-expense = Expense
soc-label-total = Total
soc-your-share = Your share
soc-nothing-matches = Nothing matches
# $group is the group's id, in the link.
soc-no-expenses-match = No expenses match these filters. <a href="/social/groups/{ $group }">Clear the filters</a>.
soc-no-expenses-yet = No expenses yet
soc-add-first-expense = <a href="/social/groups/{ $group }/expenses/new">Add the first one</a>: who paid, and how to split it.
# $names: who paid, "Asha, Bilal".
soc-paid-by-names = paid by { $names }
soc-none = none
soc-expense-delete-confirm = Delete this expense? You can restore it afterwards.
soc-more-expenses = More expenses
# An expense's split, in one word, in its row.
soc-split-word-equal = equal
soc-split-word-exact = exact
soc-split-word-percentage = percentage
soc-split-word-shares = shares
soc-split-word-adjustment = adjustment
soc-split-word-itemized = itemized

## Balances and the settle-up plan of a group
soc-payment-recorded = Payment recorded.
soc-settle-up = Settle up
soc-plan-simplified = The fewest payments that settle everyone.
soc-plan-pairwise = One payment for each debt between two people.
# One payment of the plan; $amount is the amount with its markup.
soc-plan-you-pay = You pay { $to } { $amount }
soc-plan-pays-you = { $from } pays you { $amount }
soc-plan-pays = { $from } pays { $to } { $amount }
# Why that payment.
soc-reason-you-owe = Clears what you owe { $to } from shared expenses.
soc-reason-owes-you = Clears what { $from } owes you from shared expenses.
soc-reason-owes = Clears what { $from } owes { $to } from shared expenses.
# $names: "you, Bilal and Chen".
soc-reason-settles = Settles { $names } exactly.
soc-reason-one-of = One of { $count } payments that together settle { $names }.
soc-reason-one-of-many = One of { $count } payments that together settle { $people } people.
# In a list of names: "you, Bilal and Chen".
soc-list-you = you
soc-list-and = and
soc-record-this-payment = Record this payment
soc-from-to = from { $from } to { $to }
soc-everyone-settled = Everyone is settled up.

## A group's settings
soc-group-settings = Group settings
soc-remove-confirm = Remove { $name } from the group? Their past expenses stay.
soc-remove = Remove
soc-former-members = Former members: { $names }. Their past expenses stay in the group.
soc-remove-hint = A member can be removed once their balance in the group is zero: record the payments in the settle-up plan first.
soc-leave-confirm = Leave { $name }? It will no longer be shared with you.
soc-leave-hint = You can leave this group once your balance in it is zero.
soc-leave-group = Leave group
soc-add-a-member = Add a member
soc-one-of-your-contacts = One of your contacts
soc-choose-contact = Choose a contact
soc-someone-new = Or someone new
soc-someone-new-hint = A new contact is made with this name.
soc-add-member = Add member
soc-default-split = Default split
soc-default-split-hint = New expenses start split by these percentages (for example 60/40). Leave a person blank to leave them out; the percentages must add up to 100.
soc-percent-per-member = Percent per member
soc-save-default-split = Save default split
soc-clear-it = Clear it
soc-group-is-archived = This group is archived: it is hidden from your groups, and its expenses and balances are kept.
soc-restore-group = Restore group
soc-archiving-group = Archiving hides the group from your groups. Its expenses and balances are kept, and you can restore it.
soc-archive-group = Archive group

## The expense form
soc-label-description = Description
soc-currency-rate-hint = Another currency needs its rate.
soc-label-rate = Rate ({ $currency } per unit)
soc-paid-by = Paid by
soc-paid-by-hint = Several payers? Fill in "paid" for each person below instead.
soc-paid-from-account = Paid from your account
soc-not-from-account = Not from an account
soc-paid-from-account-hint = What you paid leaves this account; only your share counts as spending, the rest is owed to you.
soc-category-for-share = Category for your share
soc-no-category = No category
soc-split = Split
soc-split-equal = Equally
soc-split-exact = Exact amounts
soc-split-percentage = Percentages
soc-split-shares = Shares
soc-split-adjustment = Equally, with adjustments (+/−)
soc-split-itemized = By item
soc-who-shares = Who shares it
soc-who-shares-hint = The value is the amount, percentage, number of shares or ± adjustment, by split.
soc-in = In
soc-value = Value
soc-paid = Paid
soc-value-for = Value for { $name }
soc-paid-by-name = Paid by { $name }
soc-items-summary = Items, tax, tip and discount (split by item)
soc-item = Item { $n }
soc-item-description = Item { $n } description
soc-item-what = What
soc-item-price = Item { $n } price
soc-item-price-placeholder = Price
soc-tax = Tax
soc-tip = Tip
soc-discount = Discount
soc-save-changes = Save changes
soc-add-expense = Add expense
# The live preview of each person's share.
soc-each-share = Each person's share
soc-not-adding-up = Not adding up yet:
soc-enter-total = Enter the total to see each person's share.

## Invitations and IOUs shared with you
soc-invitations-lede = People who keep track of money you share can invite you to see it. Nothing is shared until you accept.
soc-received = Received
soc-confirm-email-first = Confirm your email address first: invitations sent to it appear here once it is verified.
# $name is the inviter's name, in bold.
soc-invited-you = { $name } invited you
soc-you-are-sharing = you are sharing
soc-accept = Accept
soc-decline = Decline
soc-no-invitations = No invitations.
soc-shared-ious = IOUs shared with you
soc-you-lent-name = You lent { $name } { $amount }
soc-you-borrowed-from-name = You borrowed from { $name } { $amount }
soc-outstanding-amount = outstanding { $amount }
soc-amount-paid-to = Amount paid to settle the IOU with { $name }
soc-record-payment = Record payment
soc-with-name = with { $name }
soc-nothing-shared = Nothing shared with you yet.

## Who "You" is, in names the service gives (a group's members, who paid).
soc-you = You

## Activity lines (group pages, IOU history): what a change did, said for the
## reader. `$x_is_you` is "true" when the member `$x` is the reader.
act-expense-added = { $description } added: { $amount }
act-expense-edited = { $description } edited
act-expense-deleted = { $description } deleted
act-expense-restored = { $description } restored
act-debt-lent = You lent { $amount }
act-debt-borrowed = You borrowed { $amount }
act-debt-edited = IOU edited: { $fields }
act-debt-corrected = IOU corrected: { $before } → { $after }
act-debt-deleted = IOU of { $amount } deleted
act-debt-restored = IOU of { $amount } restored
act-debt-they-paid = They paid you { $amount }
act-debt-you-paid = You paid { $amount }
act-group-created = Group “{ $name }” created
act-group-imported = Group “{ $name }” imported from Splitwise ({ $expenses ->
    [one] { $expenses } expense
   *[other] { $expenses } expenses
}, { $payments ->
    [one] { $payments } payment
   *[other] { $payments } payments
})
act-group-renamed = Renamed “{ $before }” to “{ $after }”
act-group-archived = Archived the group
act-group-restored = Restored the group
act-group-simplify-on = Turned on “simplify debts”
act-group-simplify-off = Turned off “simplify debts”
act-group-split-set = Set the default split
act-group-split-cleared = Cleared the default split
act-group-saved = Group settings saved
soc-former-member = Former member
act-member-joined = { $member_is_you ->
    [true] You joined the group
   *[other] { $member } joined the group
}
act-member-removed = { $member_is_you ->
    [true] You were removed from the group
   *[other] { $member } was removed from the group
}
act-member-left = { $member_is_you ->
    [true] You left the group
   *[other] { $member } left the group
}
act-group-paid = { $from_is_you ->
    [true] You paid { $to } { $amount }
   *[other] { $to_is_you ->
        [true] { $from } paid you { $amount }
       *[other] { $from } paid { $to } { $amount }
    }
}
act-payment-deleted = Payment deleted: { $from_is_you ->
    [true] you paid { $to } { $amount }
   *[other] { $to_is_you ->
        [true] { $from } paid you { $amount }
       *[other] { $from } paid { $to } { $amount }
    }
}
act-payment-restored = Payment restored: { $from_is_you ->
    [true] you paid { $to } { $amount }
   *[other] { $to_is_you ->
        [true] { $from } paid you { $amount }
       *[other] { $from } paid { $to } { $amount }
    }
}
