# API की सबसे आम समस्याओं (RFC 9457) के शीर्षक, Accept-Language के अनुसार।

problem-validation-title = अमान्य अनुरोध
problem-not-found-title = नहीं मिला
problem-not-found-detail = यहाँ कुछ नहीं है, या यह आपका नहीं है।
problem-unauthorized-title = साइन इन नहीं है
problem-rate-limited-title = बहुत ज़्यादा अनुरोध

# बाकी तरह की समस्याएँ (prob-… आईडी): पहले शीर्षक, फिर वे ब्योरे जो API
# ख़ुद लिखता है। बैकटिक में वह है जो क्लाइंट भेजता है, हर भाषा में वैसा ही।
prob-bad-request-title = अनुरोध पढ़ा नहीं जा सका
prob-mfa-required-title = दूसरा चरण ज़रूरी है
prob-unsupported-media-type-title = यह सामग्री प्रकार समर्थित नहीं है
prob-too-large-title = अनुरोध बहुत बड़ा है
prob-internal-title = कुछ गड़बड़ हो गई
prob-unavailable-title = अभी उपलब्ध नहीं
prob-forbidden-title = अनुमति नहीं है
prob-conflict-title = टकराव
prob-stale-title = आपके लोड करने के बाद बदल गया
prob-method-not-allowed-title = यह तरीका स्वीकार्य नहीं है
prob-unauthorized-detail = एक मान्य एक्सेस टोकन भेजें: `Authorization: Bearer <token>`।
prob-mfa-required-detail = इस खाते में साइन इन के लिए ऑथेंटिकेटर ऐप का कोड भी चाहिए। पाँच मिनट के भीतर `mfa_token` और कोड `POST /api/v1/auth/token/mfa` पर भेजें।
prob-unsupported-media-type-detail = बॉडी को JSON के रूप में `Content-Type: application/json` के साथ भेजें।
prob-too-large-detail = अनुरोध की बॉडी ज़्यादा से ज़्यादा 1 MiB की हो सकती है।
prob-internal-detail = हमारी तरफ़ से कुछ गड़बड़ हो गई। सहायता टीम से संपर्क करें तो अनुरोध आईडी बताएँ।
prob-unavailable-detail = सेवा अभी अपने डेटाबेस तक नहीं पहुँच पा रही। कुछ भी नहीं बदला: थोड़ी देर में वही अनुरोध फिर से भेजें।
prob-stale-detail = आपके लोड करने के बाद किसी ने इसे बदल दिया। इसे फिर से लोड करें और अपना बदलाव दोबारा करें।
prob-method-not-allowed-detail = यह एंडपॉइंट यह तरीका स्वीकार नहीं करता; `Allow` में स्वीकार्य तरीके दिए हैं।
prob-body-unreadable = अनुरोध की बॉडी पढ़ी नहीं जा सकी।
# $reason: JSON पार्सर के अपने (अंग्रेज़ी) शब्द।
prob-body-not-json = बॉडी मान्य JSON नहीं है ({ $reason })।
prob-body-not-read = बॉडी पढ़ी नहीं जा सकी ({ $reason })।
prob-rate-limited-detail = आप इस घंटे के अपने { $limit } अनुरोध इस्तेमाल कर चुके हैं। { $seconds } सेकंड बाद फिर से कोशिश करें।
