# सेवा (और साझा पेज परत) के अंग्रेज़ी संदेशों का हिन्दी रूप, जो सुरक्षा,
# डेटा और सूचना के पेज, त्रुटि पेज और API की समस्याएँ दिखाती हैं।

## सुरक्षा और दो-चरणीय साइन इन।

svc-rest-current-password-wrong = आपका मौजूदा पासवर्ड सही नहीं है।
svc-rest-password-same = मौजूदा पासवर्ड से अलग पासवर्ड चुनें।
svc-rest-password-has-email = अपने पासवर्ड में अपना ईमेल पता इस्तेमाल न करें।
svc-rest-password-wrong = आपका पासवर्ड सही नहीं है।
svc-rest-code-wrong = यह कोड सही नहीं है। अपने ऑथेंटिकेटर ऐप का मौजूदा कोड डालें, या कोई रिकवरी कोड।
svc-rest-code-wrong-setup = यह कोड सही नहीं है। आपका ऑथेंटिकेटर ऐप अभी जो 6 अंकों का कोड दिखा रहा है, वह डालें।
svc-rest-code-needed = आपका ऑथेंटिकेटर ऐप अभी जो 6 अंकों का कोड दिखा रहा है वह डालें, या कोई रिकवरी कोड।
svc-rest-2fa-already-on-setup = दो-चरणीय साइन इन पहले से चालू है। कोई दूसरा ऐप जोड़ने के लिए पहले इसे बंद करें।
svc-rest-2fa-start-first = पहले दो-चरणीय साइन इन चालू करना शुरू करें: पेज पर स्कैन करने के लिए एक QR कोड दिखता है।
svc-rest-2fa-already-on = दो-चरणीय साइन इन पहले से चालू है।
svc-rest-2fa-not-on = दो-चरणीय साइन इन चालू नहीं है।
svc-rest-sign-in-expired = इस साइन इन की समय-सीमा खत्म हो गई है। अपना ईमेल और पासवर्ड फिर से डालें।

## इंपोर्ट और एक्सपोर्ट।

svc-rest-upload-unreadable = अपलोड पढ़ा नहीं जा सका। फ़ाइल फिर से चुनें।
svc-rest-choose-file = इंपोर्ट करने के लिए एक फ़ाइल चुनें।
svc-rest-file-too-large = फ़ाइल 5 MB से बड़ी है; इसे छोटी फ़ाइलों में बाँटें।
svc-rest-file-not-utf8 = फ़ाइल UTF-8 टेक्स्ट नहीं है; इसे CSV (UTF-8) के रूप में सहेजकर फिर से कोशिश करें।
svc-rest-export-too-large = एक्सपोर्ट 25 MB से बड़ा है; इसे यहाँ इंपोर्ट नहीं किया जा सकता।
svc-rest-zip-unreadable = zip खोली नहीं जा सकी। Hisaab के एक्सपोर्ट से मिली फ़ाइल बिना बदले अपलोड करें।
svc-rest-zip-not-export = इस zip में hisaab.json नहीं है: यह Hisaab का एक्सपोर्ट नहीं है।
svc-rest-document-unreadable = zip के भीतर की hisaab.json पढ़ी नहीं जा सकी।
svc-rest-document-empty = hisaab.json में कोई रिकॉर्ड नहीं है।
svc-rest-file-empty = फ़ाइल ख़ाली है।
svc-rest-not-splitwise = यह Splitwise का एक्सपोर्ट नहीं है: इसकी पहली पंक्ति Date,Description,Category,Cost,Currency होनी चाहिए, और उसके बाद हर व्यक्ति का एक कॉलम।
svc-rest-person-column-name = हर व्यक्ति के कॉलम का नाम चाहिए, ज़्यादा से ज़्यादा 100 अक्षरों का।
svc-rest-no-expenses = फ़ाइल में कोई खर्च नहीं है।
svc-rest-description-length = विवरण 1 से 200 अक्षरों का होना चाहिए।
svc-rest-cost-positive = कीमत 0 से ज़्यादा होनी चाहिए।
svc-rest-payment-two-people = भुगतान एक व्यक्ति से किसी दूसरे एक व्यक्ति को होना चाहिए।
svc-rest-group-name-length = ज़्यादा से ज़्यादा 100 अक्षरों का समूह का नाम डालें।
svc-rest-no-currency = फ़ाइल में कोई मुद्रा नहीं लिखी है।
svc-rest-amount-unreadable = रकम पढ़ी नहीं जा सकी।
svc-rest-date-unreadable = तारीख़ पढ़ी नहीं जा सकी।
svc-rest-mapping-needed = बताएँ कि किन कॉलम में तारीख़, विवरण और रकम है।
svc-rest-mapping-date = बताएँ कि किस कॉलम में तारीख़ है।
svc-rest-mapping-description = बताएँ कि किस कॉलम में विवरण है।
svc-rest-mapping-amount = या तो रकम का एक कॉलम बताएँ, या डेबिट और क्रेडिट दोनों के कॉलम।
svc-rest-mapping-date-format = YYYY-MM-DD, DD/MM/YYYY या MM/DD/YYYY चुनें।
svc-rest-mapping-decimal = दशमलव चिह्न के रूप में . या , चुनें।
svc-rest-amount-empty = रकम ख़ाली है।
svc-rest-debit-credit-empty = डेबिट और क्रेडिट दोनों ख़ाली हैं।
svc-rest-mapping-no-amount = मिलान में रकम का कोई कॉलम नहीं है।
svc-rest-amount-zero = रकम 0 है।
svc-rest-duplicate-record = खाते में यह रिकॉर्ड पहले से है (वही तारीख़, रकम और विवरण)।
svc-rest-preview-stale = यह झलक 24 घंटे से पुरानी है। फ़ाइल फिर से अपलोड करें।
svc-rest-export-failed = एक्सपोर्ट लिखा नहीं जा सका। कृपया फिर से कोशिश करें।

## किसी बदलाव के बाद एक बार का नोट (फ़्लैश)।

svc-rest-flash-session-revoked = उस सत्र से साइन आउट कर दिया गया।
svc-rest-flash-password-changed = पासवर्ड बदल दिया गया। आपके बाकी सत्रों से साइन आउट कर दिया गया।
svc-rest-flash-notifications-read = सभी सूचनाएँ पढ़ी हुई मान ली गईं।
svc-rest-flash-preferences-saved = सूचनाओं की पसंद सहेज ली गई।
svc-rest-flash-2fa-disabled = दो-चरणीय साइन इन बंद है। अब सिर्फ़ आपके पासवर्ड से साइन इन होता है।
svc-rest-flash-deletion-cancelled = फिर से स्वागत है। आपका खाता नहीं मिटाया जाएगा: साइन इन करने से वह रद्द हो गया।

## त्रुटि पेज और टोस्ट: शीर्षक और संदेश।

svc-rest-err-unavailable = अभी उपलब्ध नहीं
svc-rest-err-unavailable-text = हम अभी अपने डेटाबेस तक नहीं पहुँच पा रहे। कुछ भी नहीं बदला: थोड़ी देर में फिर से कोशिश करें।
svc-rest-err-not-found = पेज नहीं मिला
svc-rest-err-not-found-text = यहाँ कुछ नहीं है, या इसे देखना आपके लिए नहीं है।
svc-rest-err-not-allowed = अनुमति नहीं है
svc-rest-err-did-not-work = यह नहीं हो पाया
svc-rest-err-changed = इस बीच बदल गया
svc-rest-err-changed-text = आपके लोड करने के बाद किसी ने इसे बदल दिया। पेज फिर से लोड करें और फिर से कोशिश करें।
svc-rest-err-slow-down = थोड़ा धीरे
svc-rest-err-unreadable = अनुरोध पढ़ा नहीं जा सका। वापस जाएँ, पेज फिर से लोड करें और फिर से कोशिश करें।

## API की समस्याओं के ब्योरे जो सेवा लिखती है।

svc-rest-access-token = एक्सेस टोकन नहीं है, अमान्य है या उसकी समय-सीमा खत्म हो गई है।
svc-rest-refresh-token = रिफ़्रेश टोकन अमान्य है, उसकी समय-सीमा खत्म हो गई है या वह पहले ही इस्तेमाल हो चुका है। फिर से साइन इन करें।
svc-rest-needs-code = इस खाते में साइन इन के लिए ऑथेंटिकेटर ऐप का कोड भी चाहिए।
