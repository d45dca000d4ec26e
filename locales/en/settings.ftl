# Settings: the profile page.

title-profile = Profile
profile-heading = Profile
profile-lede = How you are called in Hisaab, the currency your totals are shown in and the language you read it in.
profile-details = Your details
profile-signs-in-as = You sign in as { $email }.
profile-saved = Your profile is saved.
profile-name-hint = Up to 100 characters. People you share expenses with see it.
profile-currency-label = Base currency
profile-currency-hint = An ISO 4217 code like USD, EUR or INR. Totals and net worth are shown in it.
profile-language-label = Language
profile-language-hint = Pages and emails come in this language.
profile-language-browser = As my browser asks
profile-submit = Save profile
