# वित्त के फ़ॉर्म में दिखने वाले सेवा के अंग्रेज़ी संदेशों का हिन्दी रूप।

## वित्त के फ़ॉर्म के टेक्स्ट फ़ील्ड

svc-fin-account-name-blank = खाते का नाम डालें।
svc-fin-account-name-long = खाते का नाम ज़्यादा से ज़्यादा 100 अक्षरों का हो सकता है।
svc-fin-account-name-chars = खाते के नाम में ऐसे अक्षर हैं जिनकी अनुमति नहीं है।
svc-fin-notes-long = नोट्स ज़्यादा से ज़्यादा 2000 अक्षरों के हो सकते हैं।
svc-fin-notes-chars = नोट्स में ऐसे अक्षर हैं जिनकी अनुमति नहीं है।
svc-fin-category-name-blank = श्रेणी का नाम डालें।
svc-fin-category-name-long = श्रेणी का नाम ज़्यादा से ज़्यादा 60 अक्षरों का हो सकता है।
svc-fin-category-name-chars = श्रेणी के नाम में ऐसे अक्षर हैं जिनकी अनुमति नहीं है।
svc-fin-description-long = विवरण ज़्यादा से ज़्यादा 200 अक्षरों का हो सकता है।
svc-fin-description-chars = विवरण में ऐसे अक्षर हैं जिनकी अनुमति नहीं है।
svc-fin-payee-long = पाने वाले का नाम ज़्यादा से ज़्यादा 100 अक्षरों का हो सकता है।
svc-fin-payee-chars = पाने वाले के नाम में ऐसे अक्षर हैं जिनकी अनुमति नहीं है।
svc-fin-holding-name-blank = नाम डालें।
svc-fin-holding-name-long = नाम ज़्यादा से ज़्यादा 100 अक्षरों का हो सकता है।
svc-fin-holding-name-chars = नाम में ऐसे अक्षर हैं जिनकी अनुमति नहीं है।
svc-fin-counterparty-blank = लोन किसके साथ है, यह डालें।
svc-fin-counterparty-long = लोन किसके साथ है, यह ज़्यादा से ज़्यादा 100 अक्षरों में लिखें।
svc-fin-counterparty-chars = लोन किसके साथ है, इसमें ऐसे अक्षर हैं जिनकी अनुमति नहीं है।
svc-fin-reason-blank = कारण डालें।
svc-fin-reason-long = कारण ज़्यादा से ज़्यादा 500 अक्षरों का हो सकता है।
svc-fin-reason-chars = कारण में ऐसे अक्षर हैं जिनकी अनुमति नहीं है।
svc-fin-search-blank = खोजने के लिए कुछ लिखें।
svc-fin-search-long = खोज का टेक्स्ट ज़्यादा से ज़्यादा 100 अक्षरों का हो सकता है।
svc-fin-search-chars = खोज के टेक्स्ट में ऐसे अक्षर हैं जिनकी अनुमति नहीं है।

## खाते, श्रेणियाँ और लेन-देन

svc-fin-choose-account = अपने खातों में से एक चुनें।
svc-fin-choose-two-accounts = अपने खातों में से दो चुनें।
svc-fin-account-archived = यह खाता संग्रह में है; नए लेन-देन दर्ज करने के लिए इसे वापस लाएँ।
svc-fin-choose-category = अपनी श्रेणियों में से एक चुनें।
svc-fin-category-archived = यह श्रेणी संग्रह में है; कोई दूसरी चुनें या पहले इसे वापस लाएँ।
svc-fin-category-color = #1e88e5 जैसा रंग डालें।
svc-fin-category-depth = श्रेणियाँ दो स्तर तक ही जाती हैं: ऊपर की श्रेणी के लिए सबसे ऊपर के स्तर की कोई श्रेणी चुनें।
svc-fin-category-parent-kind = ऊपर की श्रेणी भी उसी प्रकार की हो (आमदनी या खर्च)।
svc-fin-category-parent-not-yours = आपकी श्रेणियों में से नहीं है
svc-fin-filter-amount = रकम 12.50 जैसी संख्या में डालें।
svc-fin-filter-to-before-from = शुरू की तारीख के दिन या उसके बाद की हो
svc-fin-already-a-reversal = यह प्रविष्टि खुद एक उलट प्रविष्टि है, इसे उलटा नहीं जा सकता।
svc-fin-already-reversed = यह प्रविष्टि पहले ही उलटी जा चुकी है।
svc-fin-social-record = यह प्रविष्टि किसी उधार, समूह के खर्च या हिसाब चुकाने से जुड़ी है: बदलाव या हटाना वहीं करें।
svc-fin-transfer-leg = यह एक ट्रांसफ़र का हिस्सा है: ट्रांसफ़र उलटें और नया दर्ज करें।

## ट्रांसफ़र और विनिमय दरें

svc-fin-transfer-same-account = भेजने वाले खाते से अलग खाता होना चाहिए
svc-fin-transfer-to-amount-same-currency = दोनों खातों की मुद्रा एक हो तो भेजी गई रकम के बराबर हो (या खाली छोड़ें)
svc-fin-transfer-rate-same-currency = दोनों खातों की मुद्रा एक हो तो 1 हो (या खाली छोड़ें)
svc-fin-rate-positive = 83.125 जैसी शून्य से बड़ी दशमलव संख्या हो
svc-fin-rate-decimals = ज़्यादा से ज़्यादा 12 दशमलव अंक हों
svc-fin-rate-same-currency = `from` से अलग मुद्रा हो

## लोन

svc-fin-loan-rate = 0 से 100 के बीच का प्रतिशत डालें, जैसे 7.5 (ज़्यादा से ज़्यादा 6 दशमलव अंक)।
svc-fin-loan-term = 1 से 600 के बीच महीनों की पूरी संख्या डालें।

## किसी बदलाव के बाद एक बार दिखने वाला नोट

svc-fin-flash-base-currency-set = मूल मुद्रा बदल दी गई: कुल रकम अब इसी में दिखती है।
