# निजी वित्त: /app/finance के सारे पेज (templates/web/finance) और उनके
# हैंडलर में बने शब्द (web/src/pages/finance)।

## कई वित्त पेजों में आने वाले शब्द

fin-overview = सारांश
fin-accounts = खाते
fin-account = खाता
fin-transactions = लेन-देन
fin-transaction = लेन-देन
fin-net-worth = कुल संपत्ति
fin-assets = संपत्तियाँ
fin-liabilities = देनदारियाँ
fin-loans = लोन
fin-transfer = ट्रांसफ़र
fin-categories = श्रेणियाँ
fin-category = श्रेणी
fin-rates = दरें
fin-exchange-rates = विनिमय दरें
fin-settings = सेटिंग्स
fin-settings-title = वित्त सेटिंग्स
fin-name = नाम
fin-kind = प्रकार
fin-currency = मुद्रा
fin-currency-hint = ISO 4217 कोड: USD, EUR, INR, JPY…
fin-notes = नोट्स
fin-date = तारीख
fin-amount = रकम
fin-description = विवरण
fin-payee = पाने वाला
fin-tags = टैग
fin-tags-hint = कॉमा लगाकर अलग करें।
fin-balance = बैलेंस
fin-income = आमदनी
fin-expense = खर्च
fin-net = शुद्ध
fin-rate = दर
fin-as-of = किस तारीख का
fin-save = सहेजें
fin-add = जोड़ें
fin-archive = संग्रह में डालें
fin-restore = वापस लाएँ
fin-archived = संग्रहीत
fin-change = बदलें
fin-no-category = कोई श्रेणी नहीं
fin-no-description = (कोई विवरण नहीं)
fin-reversal = उलट प्रविष्टि
fin-reversed = उलटी गई
fin-show-numbers = आँकड़े दिखाएँ
fin-add-transaction = लेन-देन जोड़ें
fin-add-an-account = खाता जोड़ें
fin-add-first-account = अपना पहला खाता जोड़ें
fin-new-account = नया खाता
fin-you-owe = आपको देना है
fin-you-are-owed = आपको मिलना है
fin-interest = ब्याज
fin-principal = मूलधन
fin-outstanding = बकाया
fin-instalment = किस्त
fin-flow-kind = { $kind ->
    [income] आमदनी
   *[expense] खर्च
}
fin-missing-rates = { $currencies } के लिए कोई विनिमय दर नहीं है: वे रकमें कुल में नहीं जोड़ी गई हैं।
fin-add-rate = दर जोड़ें
fin-totals-in = कुल रकम { $currency } में।

## खाते, संपत्ति और देनदारी के प्रकार

fin-kind-cash = नकद
fin-kind-checking = चालू खाता
fin-kind-savings = बचत खाता
fin-kind-credit-card = क्रेडिट कार्ड
fin-kind-wallet = वॉलेट
fin-kind-investment = निवेश
fin-kind-other = अन्य
fin-kind-property = प्रॉपर्टी
fin-kind-vehicle = वाहन
fin-kind-cash-equivalent = नकदी जैसा
fin-kind-credit-card-debt = क्रेडिट कार्ड का कर्ज़
fin-kind-mortgage = गिरवी लोन
fin-kind-personal-loan = पर्सनल लोन

## चार्ट पर महीनों के छोटे नाम (CLDR के, तारीखों जैसे)

fin-month-1 = जन॰
fin-month-2 = फ़र॰
fin-month-3 = मार्च
fin-month-4 = अप्रैल
fin-month-5 = मई
fin-month-6 = जून
fin-month-7 = जुल॰
fin-month-8 = अग॰
fin-month-9 = सित॰
fin-month-10 = अक्तू॰
fin-month-11 = नव॰
fin-month-12 = दिस॰

## डैशबोर्ड (/app/finance)

fin-dash-title = आपका पैसा
fin-dash-suggest = आपके खाते { $accounts } में हैं, लेकिन कुल रकम { $base } में दिखाई जा रही है।
fin-dash-use-base = { $currency } को अपनी मूल मुद्रा बनाएँ
fin-dash-or-change-base = {" "}या मूल मुद्रा बदलें
fin-dash-empty-title = किसी खाते से शुरुआत करें
fin-dash-empty-text = जिस खाते को आप सबसे ज़्यादा इस्तेमाल करते हैं, उसे आज के बैलेंस के साथ जोड़ें; फिर आमदनी और खर्च होते ही दर्ज करें।
fin-dash-change = { $direction ->
    [down] इस महीने { $amount } घटी
   *[up] इस महीने { $amount } बढ़ी
}
fin-dash-total-balance = सभी खातों का बैलेंस
fin-dash-income-month = इस महीने की आमदनी
fin-dash-expense-month = इस महीने का खर्च
fin-dash-owed-to-you = आपको मिलना है ({ $currency })
fin-dash-people = लोग
fin-dash-flow-title = नकदी का आना-जाना, पिछले 12 महीने
fin-dash-chart-no-rate = { $base } में दिखाने को कुछ नहीं: { $currencies } के लिए अभी कोई विनिमय दर नहीं है, इसलिए वे रकमें छोड़ दी गई हैं।
fin-dash-chart-empty = अभी दिखाने को कुछ नहीं: पिछले 12 महीनों में कोई आमदनी या खर्च दर्ज नहीं हुआ।
fin-dash-chart-title = हर महीने की आमदनी और खर्च
fin-dash-chart-desc = पिछले 12 महीनों में हर महीने के दो बार: पहले आमदनी, फिर खर्च। नीचे की तालिका में आँकड़े हैं।
fin-dash-flow-caption = हर महीने नकदी का आना-जाना
fin-dash-month = महीना
fin-dash-recent = हाल के
fin-dash-no-recent = अभी कोई लेन-देन नहीं।
fin-dash-add-first = पहला लेन-देन जोड़ें

## खाते

fin-accounts-lede = बैलेंस यानी आपका शुरुआती बैलेंस और उसके बाद का हर लेन-देन।
fin-accounts-caption = आपके खाते
fin-accounts-empty-title = अभी कोई खाता नहीं
fin-accounts-empty-text = उस खाते से शुरू करें जिसे आप सबसे ज़्यादा इस्तेमाल करते हैं — आपका बैंक खाता या बटुए की नकदी — और उसका आज का बैलेंस डालें।
fin-account-name-hint = जैसे “HDFC बचत” या “बटुआ”।
fin-opening-balance = शुरुआती बैलेंस
fin-opening-balance-hint = खुलने की तारीख को खाते में कितना था। कार्ड के कर्ज़ के लिए माइनस में लिखें।
fin-opening-date = खुलने की तारीख
fin-account-create = खाता बनाएँ
fin-account-opened = { $date } को खुला, शुरुआती बैलेंस
fin-account-register-caption = हर लेन-देन और उसके बाद का बैलेंस
fin-account-see-all = इस खाते के सभी लेन-देन देखें
fin-account-empty-title = अभी कोई लेन-देन नहीं
fin-account-empty-text = इस खाते में जो आया और जो गया, उसे दर्ज करें; बैलेंस अपने आप उसके साथ चलेगा।
fin-account-edit = खाते में बदलाव करें
fin-account-restore = खाता वापस लाएँ
fin-account-archive-confirm = यह खाता संग्रह में डालें? इसका इतिहास बना रहेगा; आप इसे बाद में वापस ला सकते हैं।
fin-account-archive = खाता संग्रह में डालें

## लेन-देन

fin-tx-lede = आमदनी और खर्च छाँटें, खोजें और जोड़ें।
fin-tx-quick-add = झटपट जोड़ें
fin-tx-amount-hint = मुद्रा में जितने दशमलव अंक चलते हैं, उतने तक।
fin-tx-no-account-title = पहले एक खाता जोड़ें
fin-tx-no-account-text = हर लेन-देन किसी खाते का होता है। एक खाता बनाएँ, फिर जो आता है और जो जाता है, उसे दर्ज करें।
fin-tx-history = इतिहास
fin-tx-search = खोजें
fin-tx-all-accounts = सभी खाते
fin-tx-all-categories = सभी श्रेणियाँ
fin-tx-income-and-expense = आमदनी और खर्च
fin-tx-from = इस तारीख से
fin-tx-to = इस तारीख तक
fin-tx-min-amount = कम से कम रकम
fin-tx-max-amount = ज़्यादा से ज़्यादा रकम
fin-tx-tag = टैग
fin-tx-filter = छाँटें
fin-tx-totals-label = इन फ़िल्टरों का कुल
fin-tx-income-in = आमदनी ({ $currency })
fin-tx-expense-in = खर्च ({ $currency })
fin-tx-net-in = शुद्ध ({ $currency })
fin-tx-caption = लेन-देन, सबसे नए पहले
fin-tx-nothing-title = यहाँ कुछ नहीं है
fin-tx-nothing-text = कोई लेन-देन मेल नहीं खाता। फ़िल्टर हटाएँ, या ऊपर एक जोड़ें।
fin-tx-load-more = और दिखाएँ

## एक लेन-देन

fin-tx-transfer-note = आपके खातों के बीच हुए ट्रांसफ़र का एक हिस्सा; इसे आमदनी या खर्च में नहीं गिना जाता।
fin-tx-reverses = यह उलटती है
fin-tx-the-original = मूल प्रविष्टि
fin-tx-reversed-by = इसे उलटा गया
fin-tx-its-reversal = इसकी उलट प्रविष्टि से
fin-tx-corrects = यह सुधारती है
fin-tx-corrected-by = इसे सुधारा गया
fin-tx-the-corrected = सुधारी गई प्रविष्टि से
fin-tx-edit-title = विवरण बदलें
fin-tx-edit-text = रकम और तारीख कभी सीधे नहीं बदलतीं; यहाँ किया हर बदलाव इतिहास में रखा जाता है।
fin-tx-save-details = विवरण सहेजें
fin-tx-fix-title = गलती सुधारें
fin-tx-reverse-confirm = यह प्रविष्टि उलटें? इससे जुड़ी एक उलटी प्रविष्टि जोड़ दी जाएगी।
fin-tx-reason = कारण
fin-tx-reason-hint = यह प्रविष्टि गलत क्यों है, जैसे “दो बार दर्ज हो गई”।
fin-tx-reverse = { $transfer ->
    [yes] ट्रांसफ़र उलटें
   *[no] उलटें
}
fin-tx-correct-title = इसे सुधारें
fin-tx-correct-submit = सुधार दर्ज करें
fin-tx-no-edits = दर्ज होने के बाद इसमें कोई बदलाव नहीं हुआ।
fin-tx-field-description = विवरण
fin-tx-field-payee = पाने वाला
fin-tx-field-notes = नोट्स
fin-tx-field-tags = टैग
fin-tx-field-category = श्रेणी

## ट्रांसफ़र

fin-transfer-title = खातों के बीच ट्रांसफ़र
fin-transfer-lede = पैसा एक खाते से दूसरे में ले जाता है, उसे आमदनी या खर्च गिने बिना।
fin-transfer-from = किस खाते से
fin-transfer-to = किस खाते में
fin-transfer-amount = भेजी गई रकम
fin-transfer-amount-hint = जिस खाते से पैसा निकलता है, उसकी मुद्रा में।
fin-transfer-to-amount = मिली रकम
fin-transfer-to-amount-hint = सिर्फ़ अलग-अलग मुद्राओं के बीच: जितना पहुँचा। दर से हिसाब लगवाने के लिए खाली छोड़ें।
fin-transfer-rate-hint = सिर्फ़ अलग-अलग मुद्राओं के बीच: भेजी गई हर इकाई पर मिली इकाइयाँ। खाली छोड़ने पर उस तारीख की आपकी दर्ज की गई दर लगती है।
fin-transfer-empty-title = आपको दो खाते चाहिए
fin-transfer-empty-text = ट्रांसफ़र आपके दो खातों के बीच पैसा ले जाता है। पहले एक और खाता जोड़ें।

## श्रेणियाँ

fin-categories-lede = आमदनी और खर्च की श्रेणियाँ, दो स्तर तक। संग्रह में डाली गई श्रेणियाँ पुरानी प्रविष्टियों पर बनी रहती हैं।
fin-categories-action = कार्रवाई
fin-category-new = नई श्रेणी
fin-category-parent = ऊपर की श्रेणी
fin-category-parent-none = कोई नहीं (सबसे ऊपर)
fin-category-color = रंग
fin-category-color-hint = जैसे #1e88e5।
fin-category-add = श्रेणी जोड़ें

## विनिमय दरें

fin-rates-lede = आपकी दर्ज की गई दरें कुल रकम को आपकी मूल मुद्रा ({ $currency }) में बदलती हैं। हर प्रविष्टि अपनी तारीख या उससे पहले की सबसे नई दर लेती है।
fin-rates-record = दर दर्ज करें
fin-rates-from = किस मुद्रा से
fin-rates-from-hint = इसकी 1 इकाई…
fin-rates-to = किस मुद्रा में
fin-rates-rate-hint = …दूसरी मुद्रा की इतनी इकाइयों के बराबर है, जैसे 83.25।
fin-rates-save = दर सहेजें
fin-rates-import-title = CSV आयात करें
fin-rates-import-failed = कुछ भी आयात नहीं हुआ
fin-rates-import-line = पंक्ति { $line } ({ $field }):
fin-rates-imported = { $count ->
    [one] { $count } दर आयात की गई।
   *[other] { $count } दरें आयात की गईं।
}
fin-rates-csv-label = पंक्तियाँ, इस क्रम में:
fin-rates-import = आयात करें
fin-rates-caption = दर्ज दरें, सबसे नई पहले
fin-rates-pair = मुद्रा जोड़ी
fin-rates-empty-title = अभी कोई दर नहीं
fin-rates-empty-text = सिर्फ़ तभी ज़रूरी है जब आपके खाते एक से ज़्यादा मुद्राओं में हों। ऊपर एक दर दर्ज करें या CSV आयात करें।

## वित्त सेटिंग्स

fin-settings-saved = सहेज लिया गया।
fin-settings-base = मूल मुद्रा
fin-settings-base-hint = कुल रकम, नकदी का आना-जाना और डैशबोर्ड इसी मुद्रा में दिखते हैं (ISO 4217 कोड)।

## कुल संपत्ति

fin-nw-lede = खाते + संपत्तियाँ − देनदारियाँ − लिए गए लोन + दिए गए लोन, { $currency } में।
fin-nw-today = आज की कुल संपत्ति
fin-nw-have = आपके पास क्या है
fin-nw-owe = आप पर क्या बकाया है
fin-nw-empty-title = अभी कुछ गिना नहीं गया
fin-nw-empty-start = अपने
fin-nw-empty-accounts = खाते
fin-nw-empty-assets = संपत्तियाँ
fin-nw-empty-liabilities = देनदारियाँ
fin-nw-empty-and = और
fin-nw-empty-loans = लोन
fin-nw-empty-end = {" "}जोड़ें; आपकी कुल संपत्ति और उसका इतिहास यहाँ दिखेगा।
fin-nw-history-title = पिछले 12 महीने
fin-nw-chart-title = हर महीने के आख़िर में कुल संपत्ति
fin-nw-chart-desc = पिछले 12 महीनों में हर महीने के आख़िर की आपकी कुल संपत्ति से गुज़रती एक रेखा; नीचे की तालिका में आँकड़े हैं।
fin-nw-caption = हर महीने के आख़िर की कुल संपत्ति
fin-nw-have-short = पास में
fin-nw-owe-short = बकाया
fin-nw-breakdown = ब्योरा
fin-nw-breakdown-caption = आपकी कुल संपत्ति में गिनी गई हर चीज़
fin-nw-in-base = { $currency } में
fin-nw-no-rate = कोई दर नहीं
fin-nw-item-account = खाता
fin-nw-item-asset = संपत्ति
fin-nw-item-liability = देनदारी
fin-nw-item-loan-borrowed = लिया गया लोन
fin-nw-item-loan-lent = दिया गया लोन
fin-nw-item-people = लोग (उधार और समूह)

## संपत्तियाँ और देनदारियाँ ($side: "assets" या "liabilities")

fin-asset-value = मूल्य
fin-asset-values = मूल्यांकन
fin-liability-values = बैलेंस
fin-assets-lede = खातों के अलावा आपकी चीज़ें: प्रॉपर्टी, वाहन, निवेश। जब भी पता चले, उनका मूल्य दर्ज करें।
fin-assets-empty = अपना घर, गाड़ी या निवेश आज के मूल्य के साथ जोड़ें; मूल्य बदलने पर नए मूल्यांकन जोड़ें।
fin-liabilities-lede = लोन के अलावा आप पर क्या बकाया है: कार्ड का कर्ज़, गिरवी लोन। हर स्टेटमेंट से बैलेंस दर्ज करें।
fin-liabilities-empty = कार्ड का बैलेंस या गिरवी लोन, आज के बकाये के साथ जोड़ें; हर स्टेटमेंट से नया बैलेंस जोड़ें।
fin-holdings-yours = { $side ->
    [liabilities] आपकी देनदारियाँ
   *[assets] आपकी संपत्तियाँ
}
fin-holdings-caption = { $side ->
    [liabilities] आपकी देनदारियाँ और उनका सबसे नया बैलेंस
   *[assets] आपकी संपत्तियाँ और उनका सबसे नया मूल्य
}
fin-holdings-archived = संग्रहीत
fin-holdings-empty-title = { $side ->
    [liabilities] अभी कोई देनदारी नहीं
   *[assets] अभी कोई संपत्ति नहीं
}
fin-holdings-add-title = { $side ->
    [liabilities] देनदारी जोड़ें
   *[assets] संपत्ति जोड़ें
}
fin-holdings-value-today = { $side ->
    [liabilities] आज का बैलेंस
   *[assets] आज का मूल्य
}
fin-holdings-value-hint = बाद में जोड़ना हो तो खाली छोड़ें।
fin-holdings-add = { $side ->
    [liabilities] देनदारी जोड़ें
   *[assets] संपत्ति जोड़ें
}
fin-holding-value-on = { $side ->
    [liabilities] { $date } को बैलेंस
   *[assets] { $date } को मूल्य
}
fin-holding-values-caption = { $side ->
    [liabilities] बैलेंस, सबसे नए पहले
   *[assets] मूल्यांकन, सबसे नए पहले
}
fin-holding-nothing-yet = { $side ->
    [liabilities] अभी कुछ दर्ज नहीं: आज का जो बैलेंस आपको पता है, वह जोड़ें।
   *[assets] अभी कुछ दर्ज नहीं: आज का जो मूल्य आपको पता है, वह जोड़ें।
}
fin-holding-record = { $side ->
    [liabilities] बैलेंस दर्ज करें
   *[assets] मूल्य दर्ज करें
}
fin-holding-value-hint = किसी तारीख को दोबारा दर्ज करने पर उसका मूल्य बदल जाता है। बिक जाने या चुक जाने पर 0 दर्ज करें।

## लोन

fin-loans-lede = जो लोन आपने लिए और जो दिए, उनके भुगतान के शेड्यूल और बची हुई रकम के साथ।
fin-loans-yours = आपके लोन
fin-loans-caption = आपके लोन और उनका बकाया
fin-loans-with = किसके साथ
fin-loans-direction = देना या मिलना
fin-loans-empty-title = अभी कोई लोन नहीं
fin-loans-empty-text = रकम, ब्याज दर और अवधि के साथ लोन जोड़ें और उसे चुकाने का पूरा शेड्यूल देखें; भुगतान करते या पाते ही उसे दर्ज करें।
fin-loans-add-title = लोन जोड़ें
fin-loans-with-hint = बैंक या व्यक्ति।
fin-loans-rate = ब्याज दर (% सालाना)
fin-loans-rate-hint = जैसे 7.5; बिना ब्याज वाले लोन के लिए 0।
fin-loans-term = अवधि (महीने)
fin-loans-start = शुरू होने की तारीख
fin-loans-payments = भुगतान
fin-loans-add = लोन जोड़ें
fin-loans-borrowed = मैंने लिया (मुझे देना है)
fin-loans-lent = मैंने दिया (मुझे मिलना है)
fin-loans-monthly = हर महीने
fin-loans-weekly = हर हफ़्ते
fin-loans-quarterly = हर तिमाही
fin-loan-title = { $direction ->
    [borrowed] { $name } से लिया लोन
   *[lent] { $name } को दिया लोन
}
fin-loan-lede = { $rate }% सालाना · { $months ->
    [one] { $months } महीना
   *[other] { $months } महीने
} · { $frequency ->
    [weekly] हर हफ़्ते
    [quarterly] हर तिमाही
   *[monthly] हर महीने
}, { $date } से
fin-loan-still-owe = आपको अभी देना है
fin-loan-still-owed = आपको अभी मिलना है
fin-loan-interest-paid = अब तक चुकाया गया ब्याज
fin-loan-progress = प्रगति
# हिन्दी में "भुगतान" एकवचन और बहुवचन में एक जैसा है।
fin-loan-repaid = { $count ->
    [one] { $amount } का { $percent }% चुकाया गया ({ $count } भुगतान)
   *[other] { $amount } का { $percent }% चुकाया गया ({ $count } भुगतान)
}
fin-loan-pay-title = भुगतान दर्ज करें
fin-loan-pay-amount-hint = पहले उस अवधि का ब्याज चुकता होता है, बाकी रकम से मूलधन घटता है।
fin-loan-pay-account = किस खाते से या किस खाते में
fin-loan-pay-no-account = खाते में कोई लेन-देन नहीं
fin-loan-pay-account-hint = इस खाते से पैसा निकलना (या इसमें आना) भी दर्ज करता है।
fin-loan-pay-submit = भुगतान दर्ज करें
fin-loan-payments-caption = दर्ज भुगतान
fin-loan-no-payments = अभी कोई भुगतान नहीं।
fin-loan-schedule = भुगतान का शेड्यूल
fin-loan-total-interest = कुल ब्याज
fin-loan-total-paid = ; कुल भुगतान
fin-loan-schedule-caption = हर भुगतान, उसका ब्याज, मूलधन और बची हुई रकम
fin-loan-due = देय तारीख
fin-loan-payment = भुगतान
