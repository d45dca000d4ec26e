# वह सब जो न वित्त है न साझा पेज: सेटिंग्स के पेज (सुरक्षा, दो-चरणीय
# साइन इन, आपका डेटा, सूचनाओं की पसंद), सूचना केंद्र, मुख्य और ऑफ़लाइन
# पेज, साझा त्रुटि पेज, टोस्ट और फ़ॉर्म के हिस्से, और सूचनाओं के शीर्षक।

## त्रुटि पेज और त्रुटि टोस्ट (shared/)।

land-error-code = त्रुटि { $status }
land-error-home = होम पेज पर जाएँ
land-go-home = अपने होम पेज पर जाएँ
land-error-reference = सहायता टीम से संपर्क करें तो यह संदर्भ बताएँ:
land-toast-reference = संदर्भ
# पेज के भीतर के अनुरोध की विफलता; $id अनुरोध की पहचान है।
land-internal-toast = हमारी तरफ़ से कुछ गड़बड़ हो गई। कृपया फिर से कोशिश करें; ऐसा बार-बार हो तो अनुरोध आईडी { $id } बताएँ।

## साझा फ़ॉर्म और तालिका के हिस्से (shared/macros.html)।

# बैज पर व्यक्ति का प्लान।
set-role-superadmin = सुपरएडमिन
set-role-support = सहायता टीम
set-role-premium = प्रीमियम
set-role-standard = स्टैंडर्ड
# लंबी तालिका की आख़िरी पंक्ति।
land-load-more = और दिखाएँ

## दो-चरणीय साइन इन के हिस्से (shared/two_factor.html), साइन इन कोड
## वाले पेज और डेटा सेटिंग्स में भी।

set-2fa-code-label = आपके ऑथेंटिकेटर ऐप का कोड
set-2fa-code-hint = आपका ऐप अभी जो 6 अंकों का कोड दिखा रहा है।
set-2fa-code-hint-recovery = आपका ऐप अभी जो 6 अंकों का कोड दिखा रहा है। फ़ोन खो गया? उसकी जगह अपने रिकवरी कोड में से कोई एक डालें।
set-2fa-scan = यह QR कोड अपने ऑथेंटिकेटर ऐप से स्कैन करें (जैसे Aegis, Google Authenticator, 1Password या Authy)।
set-2fa-qr-caption = आपकी दो-चरणीय साइन इन की गुप्त कुंजी वाला QR कोड
set-2fa-by-hand = स्कैन नहीं हो रहा? यह कुंजी ऐप में ख़ुद टाइप करें (समय-आधारित, 6 अंक, हर 30 सेकंड):
set-2fa-finish = पूरा करने के लिए ऐप में दिख रहा कोड डालें।
set-2fa-save-codes = ये रिकवरी कोड अभी सहेज लें।
set-2fa-save-codes-text = ऑथेंटिकेटर खो जाने पर हर कोड से आप एक बार साइन इन कर सकते हैं। ये फिर नहीं दिखाए जाएँगे।
set-recovery-codes = रिकवरी कोड

## सेटिंग्स: सुरक्षा (पासवर्ड, दो-चरणीय साइन इन, आप कहाँ साइन इन हैं)।

set-security-lede = आपका पासवर्ड, और वे ब्राउज़र और ऐप जो आपके खाते में साइन इन हैं।
set-2fa-title = दो-चरणीय साइन इन
set-2fa-on = चालू। साइन इन करते समय पासवर्ड के बाद आपके ऑथेंटिकेटर ऐप का कोड माँगा जाता है। बचे हुए रिकवरी कोड: { $count }।
set-2fa-off = बंद। अपने पासवर्ड के साथ ऑथेंटिकेटर ऐप का कोड भी जोड़ें, ताकि चोरी हुए पासवर्ड अकेले से कोई साइन इन न कर सके।
set-new-recovery-codes = नए रिकवरी कोड
set-new-recovery-codes-text = दस नए कोड पाएँ; पुराने कोड काम करना बंद कर देंगे।
set-new-recovery-codes-submit = नए रिकवरी कोड पाएँ
set-2fa-disable-title = दो-चरणीय साइन इन बंद करें
set-your-password = आपका पासवर्ड
set-2fa-disable-submit = बंद करें
set-2fa-setup-title = दो-चरणीय साइन इन चालू करें
set-sessions-title = आप कहाँ साइन इन हैं
set-sessions-text = ब्राउज़र, और API से साइन इन किए गए ऐप। जिसे आप नहीं पहचानते उसे साइन आउट करें: वह एक सेकंड के भीतर काम करना बंद कर देगा।
set-password-changed = पासवर्ड बदल दिया गया। बाकी सत्रों से साइन आउट कर दिया गया।
set-current-password = मौजूदा पासवर्ड
set-change-password = पासवर्ड बदलें
set-sessions-device = डिवाइस
set-sessions-ip = IP पता
set-sessions-signed-in = साइन इन हुआ
set-sessions-last-active = आख़िरी बार सक्रिय
set-sessions-action = कार्रवाई
set-sessions-api = API साइन इन
set-sessions-this-device = यह डिवाइस
set-sessions-confirm-api = इस ऐप को साइन आउट करें?
set-sessions-confirm = इस सत्र को साइन आउट करें?
# स्क्रीन रीडर "साइन आउट" के बाद पढ़ते हैं; $ip पता है।
set-sessions-which-api = यह API साइन इन ({ $ip })
set-sessions-which = यह सत्र ({ $ip })
# Rust की ओर से: सूची में डिवाइस के नाम और अनजान मान।
set-sessions-unknown-device = अनजान डिवाइस
set-sessions-browser = ब्राउज़र
set-sessions-browser-on = { $os } पर { $browser }
set-sessions-unknown-ip = अनजान

## सेटिंग्स: दो-चरणीय साइन इन चालू करना, और रिकवरी कोड।

set-2fa-setup-lede = पासवर्ड के बाद, साइन इन करते समय आपके फ़ोन के ऑथेंटिकेटर ऐप का कोड माँगा जाएगा।
set-2fa-setup-scan = स्कैन करें और पुष्टि करें
set-2fa-setup-submit = चालू करें
set-cancel = रद्द करें
set-2fa-enabled-title = दो-चरणीय साइन इन चालू है
set-2fa-enabled-lede = अब से साइन इन करते समय पासवर्ड के बाद एक कोड माँगा जाएगा।
set-recovery-codes-replaced = आपके पुराने रिकवरी कोड अब काम नहीं करते।
set-recovery-codes-saved = मैंने सहेज लिए: सुरक्षा पर वापस जाएँ
set-recovery-codes-title = आपके रिकवरी कोड

## सेटिंग्स: आपका डेटा (एक्सपोर्ट, इंपोर्ट, खाता मिटाना)।

set-data-lede = Hisaab में रखी हर चीज़ अपने साथ ले जाएँ, कहीं और से रिकॉर्ड लाएँ, या अपना खाता मिटाएँ।
set-delete-title = अपना खाता मिटाएँ
set-delete-text = हम आपको हर जगह से साइन आउट कर देते हैं और { $days } दिन बाद आपका खाता मिटा देते हैं। तब तक साइन इन करने से यह रद्द हो जाता है।
set-delete-erased = आपके खाते, लेन-देन, श्रेणियाँ, बजट, संपर्क और निजी समूह हमेशा के लिए मिटा दिए जाते हैं।
set-delete-shared = दूसरों के साथ साझा समूह और उधार उनके लिए सही बने रहते हैं: उनका बकाया नहीं बदलता, और आप "पूर्व सदस्य" के रूप में दिखते हैं।
set-delete-record = हम यह रिकॉर्ड रखते हैं कि खाता मिटाया गया, पर आपके नाम या ईमेल पते के बिना।
set-delete-submit = मेरा खाता मिटाएँ
set-export-title = एक्सपोर्ट
# फ़ाइल के नाम hisaab.json के आगे और पीछे।
set-export-text-before = एक zip फ़ाइल:
set-export-text-after = जिसमें हर रिकॉर्ड एक दस्तावेज़ी प्रारूप में है, और हर तरह के रिकॉर्ड (खाते, लेन-देन, समूह, खर्च, उधार वग़ैरह) की एक CSV फ़ाइल, जिसे स्प्रेडशीट में खोला जा सके। तैयार होने पर हम आपको ईमेल करते हैं और यहाँ सूचना देते हैं; डाउनलोड { $days } दिन तक काम करता है।
set-export-submit = मेरा सारा डेटा एक्सपोर्ट करें
set-export-pending = एक एक्सपोर्ट तैयार हो रहा है; फिर से माँगने पर वही रहेगा।
set-export-caption = आपके एक्सपोर्ट, सबसे नए पहले
set-export-asked = कब माँगा
set-export-state = स्थिति
set-export-size = आकार
set-export-download = डाउनलोड करें
set-export-download-which = { $asked } का एक्सपोर्ट
set-export-queued = शुरू होने का इंतज़ार
set-export-running = तैयार हो रहा है
set-export-ready = { $until } तक तैयार
set-export-expired = समय-सीमा खत्म
set-export-failed = विफल
set-export-none = आपने अभी तक अपना डेटा एक्सपोर्ट नहीं किया है।
# एक किलोबाइट से छोटी एक्सपोर्ट फ़ाइल का आकार।
set-size-bytes = { $bytes } बाइट
set-deletion-scheduled-page = खाता मिटाना तय हो गया
set-deletion-scheduled-title = आपका खाता मिटा दिया जाएगा
# मोटे अक्षरों में तारीख़ के आगे और पीछे, जिस दिन खाता मिटेगा।
set-deletion-on-before = तारीख़
set-deletion-on-after = को हम आपका खाता मिटा देंगे।
set-deletion-grace = छूट की अवधि खत्म होने पर हम आपका खाता मिटा देंगे।
set-deletion-signed-out = आप हर जगह से साइन आउट हो गए हैं।
set-deletion-changed-mind = इरादा बदल गया? उससे पहले साइन इन करें, खाता मिटाना रद्द हो जाएगा। हमने आपको तारीख़ ईमेल भी कर दी है।
set-deletion-keep = खाता बनाए रखने के लिए साइन इन करें
set-import-hisaab-title = Hisaab का एक्सपोर्ट इंपोर्ट करें
set-import-hisaab-text = ऊपर के एक्सपोर्ट से मिली zip फ़ाइल (इस या किसी दूसरे Hisaab खाते की)। उस खाते की हर चीज़ हर कड़ी के साथ यहाँ जोड़ दी जाती है: खाते और उनके रिकॉर्ड उनके इतिहास के साथ, संपत्तियाँ, लोन, दरें, संपर्क, उधार, समूह और उनके खर्च। किसी और ने उस खाते के साथ जो समूह और उधार साझा किए थे, वे उनके मालिक के पास ही रहते हैं।
set-import-hisaab-file = Hisaab एक्सपोर्ट (.zip)
set-import-max-size = ज़्यादा से ज़्यादा 25 MB।
set-import-preview = इंपोर्ट की झलक देखें
set-import-splitwise-title = Splitwise का समूह इंपोर्ट करें
set-import-splitwise-text = Splitwise में समूह खोलें और “Export as spreadsheet” चुनें। समूह, उसके लोग (संपर्कों के रूप में: उसी नाम का संपर्क हो तो वही इस्तेमाल होता है) और हर खर्च अपने सटीक हिस्सों के साथ बनाए जाते हैं; भुगतान हिसाब चुकाने के रूप में दर्ज होते हैं।
set-import-splitwise-file = एक्सपोर्ट की गई फ़ाइल (.csv)
set-import-me = कौन-सा कॉलम आप हैं
set-import-me-hint = व्यक्ति का नाम, जैसा फ़ाइल के हेडर में लिखा है। अगर आप पहले व्यक्ति हैं तो इसे ख़ाली छोड़ दें।
set-import-group-name = समूह का नाम
set-import-group-name-hint = फ़ाइल का नाम इस्तेमाल करने के लिए इसे ख़ाली छोड़ दें।
set-import-bank-title = बैंक स्टेटमेंट इंपोर्ट करें
set-import-bank-text = बताएँ कि किस कॉलम में क्या है; यह मिलान खाते के लिए याद रखा जाता है। जिस पंक्ति की तारीख़, रकम और विवरण खाते के किसी मौजूदा रिकॉर्ड जैसे हों, उसे चिह्नित किया जाता है और दोबारा इंपोर्ट नहीं किया जाता।
set-import-account = खाता
set-import-bank-file = स्टेटमेंट (.csv)
set-import-columns-hint = हर कॉलम को उसके हेडर से बताएँ, या 1 से गिनकर उसकी संख्या से।
set-import-col-date = तारीख़ का कॉलम
set-import-col-description = विवरण का कॉलम
set-import-col-amount = रकम का कॉलम
set-import-col-amount-hint = चिह्न वाला एक कॉलम: ऋणात्मक मतलब पैसा बाहर गया। या इसे ख़ाली छोड़कर नीचे के दो कॉलम बताएँ।
set-import-col-debit = बाहर गए पैसे का कॉलम
set-import-col-credit = आए पैसे का कॉलम
set-import-col-balance = बैलेंस का कॉलम
set-import-col-balance-hint = झलक में दिखता है, इंपोर्ट नहीं होता।
set-import-date-format = तारीख़ें ऐसे लिखी हैं
set-import-decimal = दशमलव चिह्न
set-import-decimal-point = बिंदु (1,234.50)
set-import-decimal-comma = अल्पविराम (1.234,50)
set-import-no-account = पहले एक खाता जोड़ें: स्टेटमेंट आपके किसी एक खाते में इंपोर्ट होता है।
set-import-add-account = खाता जोड़ें

## सेटिंग्स: इंपोर्ट की झलक।

set-import-title = इंपोर्ट की झलक
set-import-splitwise-heading = Splitwise से “{ $group }” इंपोर्ट करें
set-import-bank-heading = { $account } में स्टेटमेंट इंपोर्ट करें
set-import-imported = इंपोर्ट हो गया।
set-import-not-saved-yet = आपकी पुष्टि तक कुछ भी सहेजा नहीं जाता।
set-import-records-unreadable = { $count } रिकॉर्ड पढ़े नहीं जा सकते
set-import-records-unreadable-text = जब तक हर रिकॉर्ड पढ़ा न जा सके, कुछ भी इंपोर्ट नहीं हो सकता। हर रिकॉर्ड उसकी तरह, उस सूची में उसकी संख्या और उसकी आईडी से बताया गया है।
set-import-lines-unreadable = { $count } पंक्तियाँ पढ़ी नहीं जा सकतीं
set-import-lines-unreadable-text = जब तक हर पंक्ति पढ़ी न जा सके, कुछ भी इंपोर्ट नहीं हो सकता। फ़ाइल ठीक करें और उसे फिर से अपलोड करें।
set-import-unreadable-caption = जो पंक्तियाँ पढ़ी नहीं जा सकतीं
set-import-number = संख्या
set-import-line = पंक्ति
set-import-what-is-wrong = क्या गड़बड़ है
set-import-will-create = क्या बनाया जाएगा
# $by: एक्सपोर्ट किए गए खाते का ईमेल पता; $date: YYYY-MM-DD।
set-import-exported = { $has_by ->
    [true] { $by } से { $date } को एक्सपोर्ट किया गया।
   *[other] { $date } को एक्सपोर्ट किया गया।
}
set-import-added = सब कुछ नई आईडी के साथ आपके खाते में जोड़ा जाता है, रिकॉर्डों के बीच की हर कड़ी बनी रहती है; यहाँ पहले से मौजूद कुछ भी न बदला जाता है, न मिलाया जाता है{ $non_empty ->
    [true] {" "}(आपके खाते में पहले से रिकॉर्ड हैं: ये उनके साथ जुड़ेंगे, और आपके किसी संपर्क के नाम वाला संपर्क एक दूसरा संपर्क होगा)।
   *[other] ।
}
set-import-counts-caption = हर तरह के रिकॉर्ड
set-import-kind = तरह
set-import-records = रिकॉर्ड
set-import-rates-kept = { $count } विनिमय दरें ऐसे दिनों की हैं जिनकी दर आपके पास पहले से है: आपकी दर ही रखी जाती है।
set-import-links-dropped = { $count } रिकॉर्ड किसी और के साझा खर्च या भुगतान से बने थे: वे उस कड़ी के बिना इंपोर्ट होते हैं।
set-import-not-imported = इंपोर्ट नहीं होगा
# $groups: कितने समूह; $group_names: “Goa trip”, “Flat”; $records: "3 समूह के खर्च, 2 भुगतान"।
set-import-shared = आपके साथ साझा, पर उनके मालिक के पास रखे गए, जिनके पास वे अब भी हैं{ $groups ->
    [0] {""}
   *[other] {" "}(समूह { $group_names })
}: { $records }। उनसे कहें कि इस खाते से आपको फिर से जोड़ें।
set-import-skipped = पुराने खाते के बारे में ही: { $records }।
# ऊपर की सूचियों में एक तरह: "3 समूह के खर्च"।
set-import-kind-count = { $count } { $kind }
set-import-people = लोग
set-import-name = नाम
set-import-becomes = क्या बनेगा
set-import-balance-in-file = फ़ाइल में बकाया
set-import-you = आप
set-import-your-contact = आपका संपर्क { $name }
set-import-new-contact = एक नया संपर्क
set-import-expenses-heading = { $count } खर्च{ $payments ->
    [0] {""}
   *[other] {" "}और { $payments } भुगतान
}
set-import-date = तारीख़
set-import-description = विवरण
set-import-who-paid-owes = किसने भरा · किसे देना है
set-import-cost = कीमत
set-import-share = { $name }: भरे { $paid }, देने हैं { $owes }
set-import-payment = भुगतान: { $from } ने { $to } को दिए
set-import-records-heading = { $count } नए रिकॉर्ड{ $duplicates ->
    [0] {""}
   *[other] , { $duplicates } पहले से मौजूद
}
set-import-amount = रकम
set-import-import = इंपोर्ट
set-import-duplicate = दोहराया गया, छोड़ दिया: { $of }
set-import-new = नया
set-import-open-dashboard = अपना डैशबोर्ड खोलें
set-import-open-group = समूह खोलें
set-import-open-account = खाता खोलें
set-import-confirm = पुष्टि करें और इंपोर्ट करें
set-import-another = दूसरी फ़ाइल अपलोड करें
# Hisaab एक्सपोर्ट में रिकॉर्ड की तरहें।
set-import-kind-accounts = खाते
set-import-kind-categories = श्रेणियाँ
set-import-kind-transactions = रिकॉर्ड
set-import-kind-transfers = ट्रांसफ़र
set-import-kind-assets = संपत्तियाँ
set-import-kind-liabilities = देनदारियाँ
set-import-kind-valuations = संपत्तियों और देनदारियों के मूल्य
set-import-kind-loans = लोन
set-import-kind-loan-payments = लोन की किस्तें
set-import-kind-exchange-rates = विनिमय दरें
set-import-kind-contacts = संपर्क
set-import-kind-contact-groups = संपर्क समूह
set-import-kind-contact-group-members = संपर्क समूहों की सदस्यताएँ
set-import-kind-ious = उधार
set-import-kind-settlements = भुगतान
set-import-kind-groups = समूह
set-import-kind-members = समूह के सदस्य
set-import-kind-expenses = समूह के खर्च
set-import-kind-expense-lines = खर्च के हिस्से
set-import-kind-notifications = सूचनाएँ
set-import-kind-audit-entries = ऑडिट प्रविष्टियाँ

## सेटिंग्स: सूचनाओं की पसंद।

set-ntf-lede = चुनें कि ऐप में और ईमेल से आपको किन बातों की सूचना मिले। आप ख़ुद जो करते हैं, उसका ईमेल आपको कभी नहीं भेजा जाता।
set-ntf-what = आपको किसकी सूचना मिलती है
set-ntf-what-text = ऐप में किसी को बंद करने से आपके खुले पेजों पर उसके लाइव अपडेट भी रुक जाते हैं; बदलाव देखने के लिए पेज फिर से लोड करें।
set-ntf-saved = सूचनाओं की आपकी पसंद सहेज ली गई है।
set-ntf-emails = ईमेल
set-ntf-emails-hint = दूसरे जो करते हैं उसके बारे में: जैसे-जैसे होता है (पाँच मिनट के भीतर एक जगह की कई बातें एक ईमेल में आती हैं), या दिन या हफ़्ते में एक सारांश में, 06:00 UTC पर। हर ईमेल में उस तरह की ईमेल बंद करने का लिंक होता है।
set-ntf-caption = ऐप में और ईमेल से सूचनाएँ, तरह के अनुसार
set-ntf-notify-me-when = मुझे सूचना दें जब
set-ntf-in-app = ऐप में
set-ntf-by-email = ईमेल से
set-ntf-in-app-kind = ऐप में: { $kind }
set-ntf-by-email-kind = ईमेल से: { $kind }
set-ntf-never-emailed = कभी ईमेल नहीं: सिर्फ़ आपके अपने कामों के बारे में
set-ntf-save = पसंद सहेजें

## सूचना केंद्र, घंटी और ईमेल बंद करने का पेज।

ntf-bell-unread = सूचनाएँ, { $count } बिना पढ़ी
ntf-lede = आपके साझा समूहों और उधारों में क्या बदला, और आपने ख़ुद क्या किया, सबसे नया पहले।
ntf-preferences = पसंद
ntf-filter-label = कौन-सी सूचनाएँ
ntf-filter-all = सभी
ntf-filter-unread = बिना पढ़ी
ntf-list-unread = बिना पढ़ी सूचनाएँ
ntf-list-all = सभी सूचनाएँ
ntf-mark-all-read = सब पढ़ी हुई मानें
ntf-empty-unread = कुछ भी बिना पढ़ा नहीं
ntf-empty = अभी कोई सूचना नहीं
ntf-up-to-date = आपने सब देख लिया है।
ntf-see-all = सभी सूचनाएँ देखें
ntf-empty-text = जब कोई आपके साझा समूह में खर्च जोड़ता है, आपके साथ भुगतान दर्ज करता है या आपको न्योता भेजता है, तो वह यहाँ दिखता है।
ntf-unread-prefix = बिना पढ़ी:
ntf-mark-read = पढ़ी हुई मानें
ntf-older = पुरानी सूचनाएँ
ntf-unsub-page-title = ईमेल सूचनाएँ
ntf-unsub-invalid-title = यह लिंक काम नहीं करता
ntf-unsub-invalid-text = हो सकता है यह अधूरा कॉपी हुआ हो। कौन-से ईमेल आएँ, यह बदलने के लिए साइन इन करें और अपनी
# सूचना सेटिंग्स का लिंक, दो वाक्यों के भीतर: उससे पहले का पाठ, लिंक, उसके बाद का पाठ।
ntf-unsub-settings-link = सूचना सेटिंग्स
ntf-unsub-invalid-after = {" "}खोलें।
ntf-unsub-done-title = ईमेल बंद हो गए
ntf-unsub-done-all = अब आपको सूचनाओं के ईमेल नहीं मिलेंगे।
# $scope: लिंक क्या बंद करता है, जैसे "समूह के खर्च"।
ntf-unsub-scope = अब आपको { $scope } के बारे में ईमेल नहीं मिलेंगे।
ntf-unsub-done-text = ऐप में आप अब भी सब कुछ देख सकते हैं। इरादा बदल गया? अपनी
ntf-unsub-done-after = {" "}में ईमेल फिर से चालू करें।
ntf-unsub-title = ये ईमेल बंद करें?
ntf-unsub-all = अब आपको Hisaab से सूचनाओं के ईमेल नहीं मिलेंगे।
ntf-unsub-app-unchanged = ऐप में कुछ नहीं बदलता।
ntf-unsubscribe = ईमेल बंद करें

## मुख्य पेज और ऑफ़लाइन पेज।

land-title = आपके और आपके साथ पैसा बाँटने वालों के लिए सटीक हिसाब
land-eyebrow = ख़ुद होस्ट करने लायक निजी और साझा वित्त
# शीर्षक, उसके ज़ोर वाले हिस्से के आगे और पीछे।
land-title-before = जानिए आपका पैसा कहाँ है, और
land-title-em = किसका किस पर कितना बकाया है
land-title-after = ।
land-lede = Hisaab आपके खाते और कुल संपत्ति एक जगह रखता है, दोस्तों और परिवार के साथ उधार का हिसाब रखता है, समूह के खर्च आपकी मर्ज़ी से बाँटता है, और फिर हिसाब चुकाने के लिए सबसे कम भुगतान निकालता है।
land-create-account = अपना खाता बनाएँ
land-note = हर मुद्रा की सबसे छोटी इकाई तक सटीक। आपके अपने सर्वर पर चलता है।
# शीर्षक के पास का उदाहरण समूह।
land-preview-group = गोवा ट्रिप
land-preview-example = उदाहरण समूह
land-preview-people = { $count } लोग
land-preview-overall = कुल मिलाकर आपको मिलने हैं
land-preview-hotel = होटल, 2 रातें
land-preview-scooter = स्कूटर किराया, रात का खाना
land-preview-train = ट्रेन टिकट
land-preview-owes-you = आपका बकाया
land-preview-you-owe = आप पर बकाया
land-preview-settle = { $instead } की जगह { $payments } भुगतानों में हिसाब चुकाएँ।
land-features-title = जहाँ भी आपका पैसा जाए, सबका एक ही बही-खाता
land-features-lede = आपका अपना वित्त और जो आप दूसरों के साथ बाँटते हैं, एक ही जगह, और हमेशा सही जोड़।
land-feature-accounts = खाते और कुल संपत्ति
land-feature-accounts-text = किसी भी मुद्रा में बैंक खाते, कार्ड, नकद, लोन और संपत्तियाँ। लेन-देन और ट्रांसफ़र दर्ज करें, और महीने-दर-महीने अपनी कुल संपत्ति देखें।
land-feature-udhaar = अपनों के साथ उधार
land-feature-udhaar-text = संपर्कों के साथ उधार दें और लें। एक नज़र में देखें कि किस पर आपका बकाया है और आप पर किसका, और हिसाब थोड़ा-थोड़ा या पूरा चुकाएँ।
land-feature-groups = समूह के खर्च, हर तरह से बँटे
land-feature-groups-text = बराबर, हिस्सों से, प्रतिशत से या सटीक रकम से। Hisaab सबसे कम भुगतान निकालता है जिनसे पूरे समूह का हिसाब चुक जाए।
land-feature-host = होस्टिंग आपके हाथ
land-feature-host-text = इसे अपनी मशीन पर SQLite के साथ चलाएँ, या किसी सर्वर पर PostgreSQL के साथ। आपका वित्तीय डेटा आपके पास रहता है।
land-exact-title = सटीक पैसा, कोई अचंभा नहीं
land-exact-text = रकम हर मुद्रा के अपने दशमलव में बिल्कुल सटीक रखी जाती है: न फ़्लोटिंग-पॉइंट की गड़बड़, न एक पैसे का नुकसान। जब बिल बराबर नहीं बँटता, तो बचा हिस्सा तय जगह जाता है, और बँटवारे का जोड़ हमेशा कुल रकम के बराबर होता है।
land-exact-splits = बँटवारे जिनका जोड़ हमेशा बिल के बराबर
land-exact-balances = समूह में बकाया जिनका जोड़ हमेशा शून्य
land-exact-history = सुधार इतिहास में दर्ज, कभी चुपचाप नहीं मिटते
land-exact-words = देना और लेना शब्दों में दिखे, सिर्फ़ रंग से नहीं
land-cta-title = हिसाब रखना शुरू करें
land-cta-text = एक मिनट में खाता बनाएँ। अपना पहला खाता जोड़ें, या अगली यात्रा के लिए एक समूह।
land-cta-have-account = मेरा खाता पहले से है
land-offline-title = आप ऑफ़लाइन हैं
land-offline-lede = Hisaab अभी अपने सर्वर तक नहीं पहुँच पा रहा, इसलिए आपका पैसा नहीं दिखा सकता: इस डिवाइस पर कुछ भी नहीं रखा जाता।
land-offline-text = जो कुछ आपने सहेजा हुआ देखा, वह सर्वर पर सुरक्षित है। अपना कनेक्शन जाँचें, फिर से कोशिश करें।
land-offline-retry = फिर से कोशिश करें

## सूचनाओं के शीर्षक (shared/notification_title.txt): हर एक एक पंक्ति,
## सूचना केंद्र और ईमेल में। $who ntf-who है; $amount पहले से लिखी रकम है;
## वैकल्पिक बातें has_… संकेत ("true") के साथ आती हैं।

# किसने किया: $by "you", "actor" ($actor उनका नाम) या "someone" है।
ntf-who = { $by ->
    [you] आपने
    [actor] { $actor } ने
   *[someone] किसी ने
}
# बिना विवरण का खर्च।
ntf-an-expense = एक खर्च
ntf-title-expense-added = { $who }{ $has_group ->
    [true] {" "}{ $group } में
   *[other] {""}
} { $what }{ $has_amount ->
    [true] {" "}({ $amount })
   *[other] {""}
} जोड़ा
ntf-title-expense-changed = { $who }{ $has_group ->
    [true] {" "}{ $group } में
   *[other] {""}
} { $what } बदला{ $has_amount ->
    [true] {" "}(अब { $amount })
   *[other] {""}
}
ntf-title-expense-deleted = { $who }{ $has_group ->
    [true] {" "}{ $group } में
   *[other] {""}
} { $what } हटाया
ntf-title-expense-restored = { $who }{ $has_group ->
    [true] {" "}{ $group } में
   *[other] {""}
} { $what } वापस लाया
# $verb: recorded, deleted या restored। $where: "group" ($group में),
# "between" (पढ़ने वाले और किसी और के बीच का उधार), "contact" ($contact के
# साथ), "shared" (पढ़ने वाले के साथ साझा उधार) या "none"।
ntf-title-settlement = { $who }{ $where ->
    [group] {" "}{ $group } में
    [between] {" "}आपके बीच के उधार पर
    [contact] {" "}{ $contact } के साथ
    [shared] {" "}आपके साथ साझा उधार पर
   *[none] {""}
} { $has_amount ->
    [true] { $amount } का
   *[other] एक
} भुगतान { $verb ->
    [deleted] हटाया
    [restored] वापस लाया
   *[recorded] दर्ज किया
}
# $owes: "contact-lent" ($contact को पढ़ने वाले को देना है), "contact-borrowed"
# (पढ़ने वाले को $contact को देना है), "lent", "borrowed", या "none" (रकम पता नहीं)।
ntf-title-debt-recorded = { $who } एक उधार दर्ज किया{ $owes ->
    [contact-lent] : { $contact } को आपको { $amount } देने हैं
    [contact-borrowed] : आपको { $contact } को { $amount } देने हैं
    [lent] : आपको { $amount } मिलने हैं
    [borrowed] : आपको { $amount } देने हैं
   *[none] {""}
}
# $verb: changed, corrected, deleted या restored; $side: "contact" ($contact
# के साथ), "you" (पढ़ने वाले के साथ साझा) या "none"।
ntf-title-debt = { $who }{ $side ->
    [contact] {" "}{ $contact } के साथ
    [you] {" "}आपके साथ
   *[none] {""}
} { $verb ->
    [changed] { $has_amount ->
        [true] { $amount } के उधार का ब्योरा बदला
       *[other] एक उधार का ब्योरा बदला
    }
    [corrected] { $has_amount ->
        [true] एक उधार सुधारकर { $amount } किया
       *[other] एक उधार सुधारा
    }
    [deleted] { $has_amount ->
        [true] { $amount } का उधार हटाया
       *[other] एक उधार हटाया
    }
   *[restored] { $has_amount ->
        [true] { $amount } का उधार वापस लाया
       *[other] एक उधार वापस लाया
    }
}
ntf-title-debt-reminder = रिमाइंडर: उधार की तारीख़ आ गई है, { $owes ->
    [contact-lent] { $contact } को आपको
    [contact-borrowed] आपको { $contact } को
   *[other] आपको
}{ $has_amount ->
    [true] {" "}{ $amount }
   *[other] {""}
} { $owes ->
    [lent] मिलने हैं
   *[other] देने हैं
}
ntf-title-reminder-sent-by-you = आपने { $has_contact ->
    [true] { $contact }
   *[other] एक संपर्क
} को{ $has_amount ->
    [true] {" "}{ $amount } का
   *[other] {""}
} रिमाइंडर भेजा
ntf-title-reminder-sent = { $who } आपको याद दिलाया कि आपको उन्हें { $has_amount ->
    [true] { $amount }
   *[other] पैसे
} देने हैं
ntf-title-group-created = { $who } समूह { $name } बनाया
ntf-title-group-changed = { $who } { $has_group ->
    [true] { $group }
   *[other] एक समूह
} की सेटिंग्स बदलीं
# $member: "you", "named" ($name) या "someone"।
ntf-title-member-added = { $who } { $member ->
    [you] आपको
    [named] { $name } को
   *[someone] किसी को
} { $has_group ->
    [true] { $group }
   *[other] एक समूह
} में जोड़ा
ntf-title-member-removed = { $who } { $member ->
    [you] आपको
    [named] { $name } को
   *[someone] किसी को
} { $has_group ->
    [true] { $group }
   *[other] एक समूह
} से हटाया
ntf-title-member-left = { $who } { $has_group ->
    [true] { $group }
   *[other] एक समूह
} छोड़ दिया
# $invitee: "contact" ($contact), "a-contact" या "you"।
ntf-title-invitation-sent = { $who } { $invitee ->
    [contact] { $contact } को
    [a-contact] एक संपर्क को
   *[you] आपको
} उधार और समूह साझा करने का न्योता भेजा
# $verb: accepted या declined।
ntf-title-invitation-answered = { $by_you ->
    [true] आपने साझा करने का एक न्योता { $verb ->
        [declined] अस्वीकार
       *[accepted] स्वीकार
    } किया
   *[other] { $who } साझा करने का आपका न्योता { $verb ->
        [declined] अस्वीकार
       *[accepted] स्वीकार
    } किया
}
# $side: "contact" ($contact), "a-contact" या "you"।
ntf-title-contact-unlinked = { $who } { $side ->
    [contact] { $contact } के साथ
    [a-contact] एक संपर्क के साथ
   *[you] आपके साथ
} साझा करना बंद किया
ntf-title-contact-created = { $who } संपर्क { $name } जोड़ा
ntf-title-contact-changed = { $who } संपर्क { $name } { $archived ->
    [true] आर्काइव किया
   *[other] बदला
}
ntf-title-account-created = { $who } खाता { $name } खोला
# $verb: recorded या reversed; $flow: income, expense या other।
ntf-title-transaction = { $who } { $flow ->
    [income] { $has_amount ->
        [true] { $amount } की आमदनी
       *[other] आमदनी
    } { $verb ->
        [reversed] रिवर्स की
       *[recorded] दर्ज की
    }
    [expense] { $has_amount ->
        [true] { $amount } का खर्च
       *[other] एक खर्च
    } { $verb ->
        [reversed] रिवर्स किया
       *[recorded] दर्ज किया
    }
   *[other] { $has_amount ->
        [true] { $amount } का लेन-देन
       *[other] एक लेन-देन
    } { $verb ->
        [reversed] रिवर्स किया
       *[recorded] दर्ज किया
    }
}
ntf-title-transfer-recorded = { $who } { $has_amount ->
    [true] { $amount } का
   *[other] एक
} ट्रांसफ़र दर्ज किया
ntf-title-loan-created = { $who }{ $has_with ->
    [true] {" "}{ $counterparty } के साथ
   *[other] {""}
} { $has_amount ->
    [true] { $amount } का
   *[other] एक
} लोन जोड़ा
ntf-title-loan-payment = { $who } लोन की { $has_amount ->
    [true] { $amount } की
   *[other] एक
} किस्त दर्ज की
ntf-title-asset-created = { $who } संपत्ति { $name } जोड़ी
ntf-title-liability-created = { $who } देनदारी { $name } जोड़ी
ntf-title-asset-valued = { $who } एक संपत्ति का मूल्य{ $has_amount ->
    [true] {" "}{ $amount }
   *[other] {""}
} दर्ज किया
ntf-title-liability-balance = { $who } एक देनदारी की बाकी रकम{ $has_amount ->
    [true] {" "}{ $amount }
   *[other] {""}
} दर्ज की
ntf-title-export-ready = आपके डेटा का एक्सपोर्ट डाउनलोड के लिए तैयार है

## हर तरह की सूचना को लोग क्या कहते हैं, और उनके समूह (पसंद की
## तालिका, ईमेल बंद करने के लिंक)।

ntf-category-expenses = समूह के खर्च
ntf-category-payments = भुगतान
ntf-category-ious = उधार
ntf-category-groups = समूह
ntf-category-sharing = संपर्क और साझेदारी
ntf-category-finance = आपका वित्त
# हर सूचना ईमेल बंद करने वाला लिंक क्या रोकता है।
ntf-scope-anything = किसी भी चीज़
ntf-digest-off = जैसे-जैसे हो
ntf-digest-daily = दिन में एक बार
ntf-digest-weekly = हफ़्ते में एक बार
ntf-kind-expense-added = कोई खर्च जोड़ा जाए
ntf-kind-expense-changed = कोई खर्च बदला जाए
ntf-kind-expense-deleted = कोई खर्च हटाया जाए
ntf-kind-expense-restored = हटाया गया खर्च वापस लाया जाए
ntf-kind-settlement-recorded = कोई भुगतान दर्ज हो
ntf-kind-settlement-deleted = कोई भुगतान हटाया जाए
ntf-kind-settlement-restored = हटाया गया भुगतान वापस लाया जाए
ntf-kind-debt-recorded = कोई उधार दर्ज हो
ntf-kind-debt-changed = किसी उधार का ब्योरा बदले
ntf-kind-debt-corrected = कोई उधार सुधारा जाए
ntf-kind-debt-deleted = कोई उधार हटाया जाए
ntf-kind-debt-restored = हटाया गया उधार वापस लाया जाए
ntf-kind-debt-reminder = किसी उधार की तारीख़ आए, और तारीख़ निकल जाने पर हर हफ़्ते
ntf-kind-debt-reminder-sent = कोई आपको उधार की याद दिलाए
ntf-kind-group-created = आप समूह बनाएँ
ntf-kind-group-changed = किसी समूह की सेटिंग्स बदलें
ntf-kind-member-added = कोई समूह में जुड़े
ntf-kind-member-left = कोई समूह छोड़े
ntf-kind-member-removed = किसी को समूह से हटाया जाए
ntf-kind-invitation-sent = साझा करने का न्योता भेजा जाए
ntf-kind-invitation-accepted = कोई न्योता स्वीकार हो
ntf-kind-invitation-declined = कोई न्योता अस्वीकार हो
ntf-kind-contact-unlinked = किसी संपर्क के साथ साझा करना बंद हो
ntf-kind-contact-created = आप संपर्क जोड़ें
ntf-kind-contact-changed = आप संपर्क बदलें
ntf-kind-account-created = आप खाता खोलें
ntf-kind-transaction-recorded = आप लेन-देन दर्ज करें
ntf-kind-transaction-reversed = आप लेन-देन रिवर्स करें
ntf-kind-transfer-recorded = आप ट्रांसफ़र दर्ज करें
ntf-kind-loan-created = आप लोन जोड़ें
ntf-kind-loan-payment-recorded = आप लोन की किस्त दर्ज करें
ntf-kind-asset-created = आप संपत्ति जोड़ें
ntf-kind-asset-valued = आप संपत्ति का मूल्य दर्ज करें
ntf-kind-liability-created = आप देनदारी जोड़ें
ntf-kind-liability-balance-recorded = आप देनदारी की बाकी रकम दर्ज करें
