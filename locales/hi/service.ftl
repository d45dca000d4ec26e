# सेवा के अंग्रेज़ी संदेशों (फ़ील्ड की त्रुटियाँ, इनकार, एक बार के नोट) का हिन्दी रूप।

svc-wrong-password = ईमेल या पासवर्ड सही नहीं है।
svc-enter-email = अपना ईमेल पता डालें।
svc-email-format = name@example.com जैसा ईमेल पता डालें।
svc-enter-name = अपना नाम डालें।
svc-common-password = यह सबसे आम पासवर्डों में से एक है। कुछ ऐसा चुनें जिसका अंदाज़ा लगाना मुश्किल हो।
svc-email-taken = इस ईमेल से एक खाता पहले से मौजूद है।
svc-reset-link-invalid = यह रीसेट लिंक अमान्य है या इसकी समय-सीमा खत्म हो चुकी है। नया लिंक माँगें।
svc-network-rate-limited = आपके नेटवर्क से बहुत ज़्यादा कोशिशें हुई हैं। एक मिनट रुककर फिर से कोशिश करें।
svc-account-locked = यह खाता लॉक है। इसे खुलवाने के लिए सहायता टीम से संपर्क करें।
svc-currency-code = USD, EUR या INR जैसा ISO 4217 मुद्रा कोड डालें।
svc-locale-invalid = दी गई भाषाओं में से एक चुनें: en, en-IN या hi।
svc-flash-signed-in = फिर से स्वागत है।
svc-flash-signed-out = आप साइन आउट हो गए हैं।
svc-flash-email-verified = आपका ईमेल पता सत्यापित हो गया है। Hisaab में आपका स्वागत है!
svc-flash-password-reset = आपका पासवर्ड बदल दिया गया है। नए पासवर्ड से साइन इन करें।
svc-flash-profile-saved = आपकी प्रोफ़ाइल सहेज ली गई है।

## रकम, मुद्रा, तारीख, चुनाव और टैग

svc-input-amount-blank = रकम डालें।
svc-input-amount-not-a-number = रकम 12.50 जैसी संख्या में डालें (सिर्फ़ अंक और एक दशमलव बिंदु, बिना खाली जगह के)।
svc-input-amount-not-positive = शून्य से ज़्यादा रकम डालें।
svc-input-amount-negative = शून्य या उससे ज़्यादा रकम डालें।
svc-input-amount-too-large = ज़्यादा से ज़्यादा 1000000000000 की रकम डालें।
svc-input-currency-blank = मुद्रा चुनें (USD, EUR या INR जैसा ISO 4217 कोड)।
svc-input-currency-no-minor-unit = ऐसी मुद्रा चुनें जिसमें पैसा रखा जा सके (जैसे USD, EUR या INR), कोई धातु या फ़ंड नहीं।
svc-input-date-blank = तारीख डालें (YYYY-MM-DD)।
svc-input-date-malformed = सही तारीख YYYY-MM-DD के रूप में डालें, जैसे 2026-11-25।
svc-input-date-out-of-range = 1900 और 2200 के बीच की तारीख डालें (YYYY-MM-DD)।
svc-input-id-blank = सूची में से एक चुनें।
svc-input-id-malformed = सूची में से एक चुनें (यह सही आईडी नहीं है)।
svc-input-tags-too-many = ज़्यादा से ज़्यादा 20 टैग लगाएँ।
svc-input-tag-bad = हर टैग ज़्यादा से ज़्यादा 32 अक्षरों का हो, बिना कॉमा या | के।
