# The signed-in home page (dashboard).

title-home = Home
home-greeting = Hi, { $name }
home-lede = Your account at a glance.
home-verify-title = Confirm your email address
home-verify-text = We sent a link to { $email }. Confirming it keeps your account recoverable if you forget your password.
home-verify-resend = Resend verification email
home-account-title = Your account
home-email = Email
home-plan = Plan
home-active-sessions = { $count ->
    [one] active session
   *[other] active sessions
}
home-security-text = Change your password and sign out devices you no longer use.
home-security-more = Manage security
home-areas-title = Your money
home-area-finance = Accounts, income and expenses, transfers and cash flow.
home-area-groups-name = Groups and IOUs
home-area-groups = Split bills with friends, record who lent what, and settle up exactly.
home-area-balances-name = Balances
home-area-balances = Who owes you and whom you owe, per person and currency.
home-area-security = Password and signed-in devices.
home-area-api = Connect a mobile app or script to your account.
home-open = Open
home-empty-title = Nothing here yet
home-empty-text = Accounts, IOUs and group expenses will appear here as they open up. In the meantime, confirm your email address and review your security settings.
