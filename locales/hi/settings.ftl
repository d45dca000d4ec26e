# सेटिंग्स: प्रोफ़ाइल पेज।

title-profile = प्रोफ़ाइल
profile-heading = प्रोफ़ाइल
profile-lede = Hisaab में आपको किस नाम से पुकारा जाए, कुल रकम किस मुद्रा में दिखे और आप इसे किस भाषा में पढ़ें।
profile-details = आपकी जानकारी
profile-signs-in-as = आप { $email } से साइन इन करते हैं।
profile-saved = आपकी प्रोफ़ाइल सहेज ली गई है।
profile-name-hint = ज़्यादा से ज़्यादा 100 अक्षर। जिनके साथ आप खर्च बाँटते हैं, वे इसे देखते हैं।
profile-currency-label = मूल मुद्रा
profile-currency-hint = USD, EUR या INR जैसा ISO 4217 कोड। कुल रकम और कुल संपत्ति इसी मुद्रा में दिखाई जाती है।
profile-language-label = भाषा
profile-language-hint = पेज और ईमेल इसी भाषा में आते हैं।
profile-language-browser = ब्राउज़र की भाषा के अनुसार
profile-submit = प्रोफ़ाइल सहेजें
