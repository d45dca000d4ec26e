# The web layout's chrome and the form pieces every page shares.
# Product names ("Hisaab") stay as they are in every language.

meta-description = Hisaab keeps your money, your IOUs and your shared expenses exact: accounts, net worth, udhaar with friends and group bills split every way.
skip-link = Skip to main content
nav-main-label = Main
nav-home = Home
nav-finance = Finance
nav-social = Social
nav-security = Security
nav-signed-in-as = Signed in as
nav-sign-out = Sign out
nav-sign-in = Sign in
nav-sign-up = Sign up
# The screen-reader status line after a live refresh; $time is HH:MM:SS.
live-updated-at = Updated at { $time }.
footer-tagline = Hisaab · personal and shared money, kept exactly.
footer-about = About Hisaab
# Read before an error message by screen readers.
error-prefix = Error:
error-summary-title = There is a problem
field-optional = (optional)
badge-verified = Verified
badge-not-verified = Not verified
full-stop = .
field-email = Email address
field-password = Password
field-new-password = New password
field-password-hint = At least 12 characters. Avoid common passwords.
field-your-name = Your name
settings-nav-label = Settings
settings-nav-profile = Profile
settings-nav-notifications = Notifications
settings-nav-data = Your data
