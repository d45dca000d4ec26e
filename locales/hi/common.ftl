# वेब लेआउट का ढाँचा और फ़ॉर्म के साझा हिस्से।
# उत्पाद का नाम ("Hisaab") हर भाषा में वैसा ही रहता है।

meta-description = Hisaab आपके पैसे, आपके उधार और साझा खर्चों का सटीक हिसाब रखता है: खाते, कुल संपत्ति, दोस्तों के साथ उधार और हर तरह से बँटे समूह के बिल।
skip-link = मुख्य सामग्री पर जाएँ
nav-main-label = मुख्य
nav-home = होम
nav-finance = वित्त
nav-social = साझा
nav-security = सुरक्षा
nav-signed-in-as = इस नाम से साइन इन हैं:
nav-sign-out = साइन आउट
nav-sign-in = साइन इन
nav-sign-up = खाता बनाएँ
live-updated-at = { $time } पर अपडेट किया गया।
footer-tagline = Hisaab · निजी और साझा पैसा, बिल्कुल सटीक।
footer-about = Hisaab के बारे में
error-prefix = त्रुटि:
error-summary-title = कुछ ठीक करना है
field-optional = (वैकल्पिक)
badge-verified = सत्यापित
badge-not-verified = सत्यापित नहीं
full-stop = ।
field-email = ईमेल पता
field-password = पासवर्ड
field-new-password = नया पासवर्ड
field-password-hint = कम से कम 12 अक्षर। आम पासवर्ड से बचें।
field-your-name = आपका नाम
settings-nav-label = सेटिंग्स
settings-nav-profile = प्रोफ़ाइल
settings-nav-notifications = सूचनाएँ
settings-nav-data = आपका डेटा
