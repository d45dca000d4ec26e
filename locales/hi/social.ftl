# साझा हिस्से के पेज: बकाया, संपर्क और उधार, समूह, खर्च का फ़ॉर्म, भुगतान,
# हिसाब चुकाने की योजना, संपर्क समूह और आमंत्रण।
# नाम वाले आर्ग्युमेंट ($name, $from, $to) लोगों के नाम हैं; $amount पाठक के
# लिए लिखी रकम है (₹4,600.00), कभी-कभी उसके मार्कअप के साथ।

## पेज के शीर्षक
soc-title-balances = बकाया
soc-title-contacts = संपर्क
soc-title-contact = संपर्क
soc-title-edit-contact = { $name } की जानकारी बदलें
soc-title-contact-groups = संपर्क समूह
soc-title-groups = समूह
soc-title-group = समूह
soc-title-group-settings = { $name } · सेटिंग्स
soc-title-add-expense = खर्च जोड़ें
soc-title-edit-expense = खर्च बदलें
soc-title-preview = झलक
soc-title-invitations = आमंत्रण

## बकाया: रकम से पहले के शब्द
soc-owes-you = आपको लेने हैं
soc-is-owed = लेने हैं
soc-you-owe = आपको देने हैं
soc-owes = देने हैं
soc-settled-up = हिसाब बराबर
soc-are-owed = लेने हैं
soc-owe = देने हैं
soc-you-are-owed = आपको लेने हैं
soc-member-is-owed = { $amount } लेने हैं
soc-member-owes = { $amount } देने हैं

## बकाया का पेज
soc-balances-lede = आपके उधार और समूहों में किसे किससे कितना लेना-देना है।
soc-total-owed-to-you = आपको लेने हैं
soc-total-you-owe = आपको देने हैं
soc-total-overall = कुल
soc-overdue-title = तारीख निकल चुके उधार
soc-overdue-owes-you = { $who } से आपको { $amount } लेने हैं, चुकाने की तारीख { $due } थी।
soc-overdue-owes-you-for = “{ $reason }” के लिए { $who } से आपको { $amount } लेने हैं, चुकाने की तारीख { $due } थी।
soc-overdue-you-owe = आपको { $who } को { $amount } देने हैं, चुकाने की तारीख { $due } थी।
soc-overdue-you-owe-for = “{ $reason }” के लिए आपको { $who } को { $amount } देने हैं, चुकाने की तारीख { $due } थी।
soc-overdue = तारीख निकल गई
soc-balances-by-person = हर व्यक्ति के साथ बकाया
soc-person = व्यक्ति
soc-balance = बकाया
soc-shared-with-you = आपके साथ साझा
soc-shared-with-you-text = दूसरों के जो समूह और उधार आपके साथ साझा हैं, उनमें आपका बकाया; यह ऊपर के कुल जोड़ में शामिल है।
soc-shared-caption = दूसरों के साझा किए हिसाब में बकाया
soc-shared-whose = किसके समूह और उधार
soc-your-balance = आपका बकाया
soc-all-square = सब बराबर
soc-all-square-text = किसी पर किसी का कुछ बकाया नहीं है। उधार लिखने के लिए कोई संपर्क जोड़ें, या साझा बिलों के लिए एक समूह शुरू करें।

## संपर्क
soc-contacts-lede = वे लोग जिन्हें आप उधार देते हैं, जिनसे उधार लेते हैं और जिनके साथ बिल बाँटते हैं।
soc-current-contacts = मौजूदा संपर्क
soc-archived-contacts = आर्काइव किए गए संपर्क
soc-your-contacts = आपके संपर्क
soc-search-contacts = संपर्क खोजें
soc-search-contacts-placeholder = नाम, ईमेल या फ़ोन से खोजें
soc-add-a-contact = संपर्क जोड़ें
soc-add-contact = संपर्क जोड़ें
soc-no-contact-matches = “{ $q }” से कोई संपर्क मेल नहीं खाता।
soc-no-archived-contacts = कोई आर्काइव किया गया संपर्क नहीं है।
soc-no-contacts-yet = अभी कोई संपर्क नहीं है। पहला ऐसा व्यक्ति जोड़ें जिसके साथ आपका पैसों का लेन-देन होता है।
soc-label-name = नाम
soc-label-email = ईमेल
soc-label-phone = फ़ोन
soc-label-notes = नोट्स
soc-email-hint = आप जो साझा करते हैं, उसे देखने का आमंत्रण भेजने के लिए ज़रूरी है।
soc-details = विवरण
soc-archived = आर्काइव में
soc-save = सहेजें
soc-edit = बदलें
soc-edit-or-restore = बदलें या वापस लाएँ
soc-restore = वापस लाएँ
soc-archive = आर्काइव करें
soc-contact-is-archived = { $name } आर्काइव में हैं: आपके संपर्कों में नहीं दिखते, पर उनका इतिहास और बकाया रखा गया है।
soc-restore-contact = संपर्क वापस लाएँ
soc-archiving-contact = आर्काइव करने पर { $name } आपके संपर्कों में नहीं दिखेंगे। उनका इतिहास और बकाया रखा रहेगा, और आप उन्हें वापस ला सकते हैं।
soc-archive-confirm = { $name } को आर्काइव करें?
soc-archive-contact = संपर्क आर्काइव करें

## संपर्क का पेज: उधार
soc-you-are-settled-up = आपका हिसाब बराबर है।
soc-record-iou = उधार लिखें
soc-what-happened = क्या हुआ
soc-i-lent-to = मैंने { $name } को उधार दिया
soc-i-borrowed-from = मैंने { $name } से उधार लिया
soc-label-amount = रकम
soc-label-currency = मुद्रा
soc-currency-hint = INR, USD या EUR जैसा कोड।
soc-label-date = तारीख
soc-label-reason = वजह
soc-label-due-date = चुकाने की तारीख
soc-label-direction = लेन-देन
soc-label-account = किस खाते से या किस खाते में
soc-not-through-account = — किसी खाते से नहीं —
soc-record = लिखें
soc-sharing = साझा करना
soc-share-accepted = { $name } ने आपका आमंत्रण स्वीकार कर लिया है: आप दोनों अपने उधार और साझा समूह देख सकते हैं।
soc-stop-sharing = साझा करना बंद करें
soc-invitation-sent = { $email } पर आमंत्रण भेजा गया है।
soc-invite-to-see = { $name } को आमंत्रित करें, ताकि वे देख सकें कि आप क्या साझा करते हैं।
soc-send-again = फिर से भेजें
soc-invite-by-email = ईमेल से आमंत्रित करें
soc-add-email-to-invite = { $name } को आमंत्रित करने के लिए ईमेल पता जोड़ें।
soc-ious = उधार
soc-iou = उधार
soc-iou-deleted = { $amount } का उधार मिटा दिया गया।
soc-undo = पहले जैसा करें
soc-outstanding = बाकी
soc-settle = चुकाएँ
soc-settled = चुकता
soc-you-lent = आपने उधार दिया
soc-you-borrowed = आपने उधार लिया
soc-due = चुकाने की तारीख { $date }
soc-amount-paid = चुकाई गई रकम
soc-method = तरीका
soc-send-reminder = याद दिलाएँ
soc-remind-label = { $name } को इस उधार की याद दिलाएँ
soc-change-iou = यह उधार बदलें
soc-edit-details = विवरण बदलें
soc-save-details = विवरण सहेजें
soc-correct-amount = रकम सुधारें
soc-correct-hint = इस उधार की जगह सुधरा हुआ उधार आ जाता है; बदलाव उसके इतिहास में रहता है।
soc-correct = सुधारें
soc-paid-cannot-delete = इस उधार पर भुगतान दर्ज हैं, इसलिए इसे मिटाया नहीं जा सकता: इसकी जगह इसे सुधारें।
soc-delete-iou = यह उधार मिटाएँ
soc-iou-history = इतिहास ({ $count })
soc-no-ious-with = { $name } के साथ अभी कोई उधार नहीं है।
soc-deleted-ious = मिटाए गए उधार
soc-history = इतिहास
soc-what = क्या
soc-change = बदलाव
soc-balance-after = बाद का बकाया
soc-payment = भुगतान
soc-group-expense = समूह का खर्च
soc-group-payment = समूह में भुगतान
soc-debts-simplified = उधार सरल किए गए
soc-nothing-yet = अभी कुछ नहीं।

## उधार की स्थिति
soc-status-open = खुला
soc-status-partially-settled = कुछ चुकाया गया
soc-status-settled = चुकता

## भुगतान का तरीका
soc-method-cash = नकद
soc-method-bank-transfer = बैंक ट्रांसफ़र
soc-method-upi = यूपीआई
soc-method-card = कार्ड
soc-method-other = अन्य

## भुगतान (समूह या संपर्क के पेज पर)
soc-payments = भुगतान
soc-actions = कार्रवाई
soc-you-paid = आपने { $to } को भुगतान किया
soc-paid-you = { $from } ने आपको भुगतान किया
soc-someone-paid = { $from } ने { $to } को भुगतान किया
soc-payment-delete-confirm = { $amount } का यह भुगतान मिटाएँ? बकाया पहले जैसा हो जाएगा; आप इसे पलट सकते हैं।
soc-delete = मिटाएँ
soc-the-payment-of = ({ $date } का { $amount } का भुगतान)
soc-deleting-the-payment-of = ({ $date } का { $amount } का भुगतान मिटाना)
soc-no-payments = अभी कोई भुगतान नहीं।
soc-deleted-payments = मिटाए गए भुगतान

## संपर्क समूह
soc-contact-groups-lede = रूममेट, परिवार, कोई यात्रा, दफ़्तर: लोगों को साथ रखें और उन सबके साथ एक खर्च समूह शुरू करें।
soc-your-contact-groups = आपके संपर्क समूह
soc-nobody-yet = अभी कोई नहीं
soc-start-expense-group = खर्च समूह शुरू करें
soc-no-contact-groups = अभी कोई संपर्क समूह नहीं है।
soc-new-contact-group = नया संपर्क समूह
soc-kind = प्रकार
soc-people = लोग
soc-no-contacts-add-some = अभी कोई संपर्क नहीं है: पहले <a href="/social/contacts">कुछ जोड़ें</a>।
soc-create = बनाएँ
soc-kind-roommates = रूममेट
soc-kind-family = परिवार
soc-kind-trip = यात्रा
soc-kind-work = काम
soc-kind-friends = दोस्त
soc-kind-other = अन्य

## समूह
soc-groups-lede = यात्राएँ, फ़्लैट और दावतें: साझा बिल, बिल्कुल सटीक बँटे हुए।
soc-current-groups = मौजूदा समूह
soc-archived-groups = आर्काइव किए गए समूह
soc-your-groups = आपके समूह
# हिन्दी में "सदस्य" एकवचन और बहुवचन में एक जैसा है।
soc-member-count = { $count ->
    [one] { $count } सदस्य
   *[other] { $count } सदस्य
}
soc-no-archived-groups = कोई आर्काइव किया गया समूह नहीं
soc-no-groups-yet = अभी कोई समूह नहीं
soc-no-archived-groups-text = जिस समूह को आप उसकी सेटिंग्स से आर्काइव करेंगे, वह यहाँ रहेगा।
soc-no-groups-text = नीचे उन लोगों के साथ एक समूह शुरू करें जिनके साथ आप बिल बाँटते हैं।
soc-start-a-group = समूह शुरू करें
soc-group-name = समूह का नाम
soc-group-currency-hint = बकाया इसी मुद्रा में रखा जाता है, जैसे INR या USD।
soc-members = सदस्य
soc-you-are-always-in = (आप हमेशा शामिल हैं)
soc-no-contacts-start-alone = अभी कोई संपर्क नहीं है: पहले <a href="/social/contacts">कुछ जोड़ें</a>, या सिर्फ़ अपने साथ शुरू करें।
soc-simplify = उधार सरल करें (हिसाब चुकाने के लिए कम से कम भुगतान)
soc-start-group = समूह शुरू करें

## समूह का पेज
soc-settings = सेटिंग्स
soc-expenses = खर्च
soc-search = खोजें
soc-member = सदस्य
soc-everyone = सभी
soc-from = से
soc-to = तक
soc-category = श्रेणी
soc-all-categories = सभी श्रेणियाँ
soc-filter = छाँटें
soc-deleted = मिटाए गए
soc-activity = गतिविधि
soc-expenses-caption = खर्च, सबसे नए पहले
soc-expense = खर्च
soc-label-total = कुल
soc-your-share = आपका हिस्सा
soc-nothing-matches = कुछ मेल नहीं खाता
soc-no-expenses-match = इन फ़िल्टरों से कोई खर्च मेल नहीं खाता। <a href="/social/groups/{ $group }">फ़िल्टर हटाएँ</a>।
soc-no-expenses-yet = अभी कोई खर्च नहीं
soc-add-first-expense = <a href="/social/groups/{ $group }/expenses/new">पहला खर्च जोड़ें</a>: किसने भुगतान किया, और उसे कैसे बाँटना है।
soc-paid-by-names = भुगतान: { $names }
soc-none = कुछ नहीं
soc-expense-delete-confirm = यह खर्च मिटाएँ? आप इसे बाद में वापस ला सकते हैं।
soc-more-expenses = और खर्च
soc-split-word-equal = बराबर
soc-split-word-exact = सटीक रकम
soc-split-word-percentage = प्रतिशत
soc-split-word-shares = हिस्से
soc-split-word-adjustment = घट-बढ़
soc-split-word-itemized = चीज़ों के हिसाब से

## समूह का बकाया और हिसाब चुकाने की योजना
soc-payment-recorded = भुगतान दर्ज हो गया।
soc-settle-up = हिसाब चुकाएँ
soc-plan-simplified = सबका हिसाब चुकाने के लिए कम से कम भुगतान।
soc-plan-pairwise = दो लोगों के बीच हर उधार के लिए एक भुगतान।
soc-plan-you-pay = आप { $to } को { $amount } दें
soc-plan-pays-you = { $from } आपको { $amount } दें
soc-plan-pays = { $from }, { $to } को { $amount } दें
soc-reason-you-owe = साझा खर्चों में आपको { $to } को जो देना है, वह इससे चुक जाता है।
soc-reason-owes-you = साझा खर्चों में { $from } को आपको जो देना है, वह इससे चुक जाता है।
soc-reason-owes = साझा खर्चों में { $from } को { $to } को जो देना है, वह इससे चुक जाता है।
soc-reason-settles = इससे { $names } का हिसाब पूरा बराबर हो जाता है।
soc-reason-one-of = { $count } भुगतानों में से एक, जो मिलकर { $names } का हिसाब बराबर करते हैं।
soc-reason-one-of-many = { $count } भुगतानों में से एक, जो मिलकर { $people } लोगों का हिसाब बराबर करते हैं।
soc-list-you = आप
soc-list-and = और
soc-record-this-payment = यह भुगतान दर्ज करें
soc-from-to = { $from } से { $to } को
soc-everyone-settled = सबका हिसाब बराबर है।

## समूह की सेटिंग्स
soc-group-settings = समूह की सेटिंग्स
soc-remove-confirm = { $name } को समूह से हटाएँ? उनके पिछले खर्च बने रहेंगे।
soc-remove = हटाएँ
soc-former-members = पूर्व सदस्य: { $names }। उनके पिछले खर्च समूह में बने रहते हैं।
soc-remove-hint = किसी सदस्य को तभी हटाया जा सकता है जब समूह में उनका बकाया शून्य हो: पहले हिसाब चुकाने की योजना के भुगतान दर्ज करें।
soc-leave-confirm = { $name } छोड़ें? यह फिर आपके साथ साझा नहीं रहेगा।
soc-leave-hint = समूह में आपका बकाया शून्य होने पर आप इसे छोड़ सकते हैं।
soc-leave-group = समूह छोड़ें
soc-add-a-member = सदस्य जोड़ें
soc-one-of-your-contacts = आपके संपर्कों में से कोई
soc-choose-contact = संपर्क चुनें
soc-someone-new = या कोई नया व्यक्ति
soc-someone-new-hint = इस नाम से एक नया संपर्क बन जाएगा।
soc-add-member = सदस्य जोड़ें
soc-default-split = डिफ़ॉल्ट बँटवारा
soc-default-split-hint = नए खर्च इन्हीं प्रतिशतों से बँटकर शुरू होते हैं (जैसे 60/40)। किसी को शामिल न करना हो तो उनका खाना खाली छोड़ें; प्रतिशतों का जोड़ 100 होना चाहिए।
soc-percent-per-member = हर सदस्य का प्रतिशत
soc-save-default-split = डिफ़ॉल्ट बँटवारा सहेजें
soc-clear-it = इसे हटाएँ
soc-group-is-archived = यह समूह आर्काइव में है: आपके समूहों में नहीं दिखता, और इसके खर्च व बकाया रखे गए हैं।
soc-restore-group = समूह वापस लाएँ
soc-archiving-group = आर्काइव करने पर समूह आपके समूहों में नहीं दिखेगा। इसके खर्च और बकाया बने रहेंगे, और आप इसे वापस ला सकते हैं।
soc-archive-group = समूह आर्काइव करें

## खर्च का फ़ॉर्म
soc-label-description = विवरण
soc-currency-rate-hint = दूसरी मुद्रा के लिए उसकी दर चाहिए।
soc-label-rate = दर (प्रति इकाई { $currency })
soc-paid-by = किसने भुगतान किया
soc-paid-by-hint = कई लोगों ने भुगतान किया? तो इसकी जगह नीचे हर व्यक्ति का "भुगतान" भरें।
soc-paid-from-account = आपके खाते से भुगतान
soc-not-from-account = किसी खाते से नहीं
soc-paid-from-account-hint = आपने जो चुकाया वह इस खाते से जाता है; सिर्फ़ आपका हिस्सा खर्च में गिना जाता है, बाकी आपको दूसरों से लेना है।
soc-category-for-share = आपके हिस्से की श्रेणी
soc-no-category = कोई श्रेणी नहीं
soc-split = बँटवारा
soc-split-equal = बराबर
soc-split-exact = सटीक रकम
soc-split-percentage = प्रतिशत
soc-split-shares = हिस्से
soc-split-adjustment = बराबर, घट-बढ़ के साथ (+/−)
soc-split-itemized = चीज़ों के हिसाब से
soc-who-shares = किस-किस में बँटेगा
soc-who-shares-hint = बँटवारे के तरीके के हिसाब से मान रकम, प्रतिशत, हिस्सों की संख्या या ± घट-बढ़ है।
soc-in = शामिल
soc-value = मान
soc-paid = भुगतान
soc-value-for = { $name } का मान
soc-paid-by-name = { $name } ने चुकाया
soc-items-summary = चीज़ें, टैक्स, टिप और छूट (चीज़ों के हिसाब से बँटवारा)
soc-item = चीज़ { $n }
soc-item-description = चीज़ { $n } का विवरण
soc-item-what = क्या
soc-item-price = चीज़ { $n } की कीमत
soc-item-price-placeholder = कीमत
soc-tax = टैक्स
soc-tip = टिप
soc-discount = छूट
soc-save-changes = बदलाव सहेजें
soc-add-expense = खर्च जोड़ें
soc-each-share = हर व्यक्ति का हिस्सा
soc-not-adding-up = अभी जोड़ सही नहीं बैठ रहा:
soc-enter-total = हर व्यक्ति का हिस्सा देखने के लिए कुल रकम डालें।

## आमंत्रण और आपके साथ साझा उधार
soc-invitations-lede = जो लोग आपके साथ साझा पैसों का हिसाब रखते हैं, वे आपको उसे देखने के लिए आमंत्रित कर सकते हैं। जब तक आप स्वीकार नहीं करते, कुछ भी साझा नहीं होता।
soc-received = मिले हुए
soc-confirm-email-first = पहले अपने ईमेल पते की पुष्टि करें: उस पर भेजे गए आमंत्रण पुष्टि के बाद यहाँ दिखेंगे।
soc-invited-you = { $name } ने आपको आमंत्रित किया
soc-you-are-sharing = आप साझा कर रहे हैं
soc-accept = स्वीकार करें
soc-decline = मना करें
soc-no-invitations = कोई आमंत्रण नहीं।
soc-shared-ious = आपके साथ साझा उधार
soc-you-lent-name = आपने { $name } को { $amount } उधार दिए
soc-you-borrowed-from-name = आपने { $name } से { $amount } उधार लिए
soc-outstanding-amount = बाकी { $amount }
soc-amount-paid-to = { $name } के साथ उधार चुकाने के लिए दी गई रकम
soc-record-payment = भुगतान दर्ज करें
soc-with-name = { $name } के साथ
soc-nothing-shared = अभी आपके साथ कुछ साझा नहीं किया गया है।

## सेवा के दिए नामों में "You" (समूह के सदस्य, किसने भुगतान किया)।
soc-you = आप

## गतिविधि (समूह के पेज, उधार का इतिहास): किसी बदलाव ने क्या किया।
## `$x_is_you` तब "true" है जब सदस्य `$x` पढ़ने वाला खुद है।
act-expense-added = { $description } जोड़ा गया: { $amount }
act-expense-edited = { $description } बदला गया
act-expense-deleted = { $description } मिटाया गया
act-expense-restored = { $description } वापस लाया गया
act-debt-lent = आपने { $amount } उधार दिए
act-debt-borrowed = आपने { $amount } उधार लिए
act-debt-edited = उधार बदला गया: { $fields }
act-debt-corrected = उधार सुधारा गया: { $before } → { $after }
act-debt-deleted = { $amount } का उधार मिटाया गया
act-debt-restored = { $amount } का उधार वापस लाया गया
act-debt-they-paid = उन्होंने आपको { $amount } चुकाए
act-debt-you-paid = आपने { $amount } चुकाए
act-group-created = समूह “{ $name }” बनाया गया
act-group-imported = समूह “{ $name }” Splitwise से लाया गया ({ $expenses } खर्च, { $payments } भुगतान)
act-group-renamed = “{ $before }” का नाम बदलकर “{ $after }” किया
act-group-archived = समूह आर्काइव किया
act-group-restored = समूह वापस लाया गया
act-group-simplify-on = “बकाया सरल करें” चालू किया
act-group-simplify-off = “बकाया सरल करें” बंद किया
act-group-split-set = तय बँटवारा रखा
act-group-split-cleared = तय बँटवारा हटाया
act-group-saved = समूह की सेटिंग सहेजी गईं
soc-former-member = पूर्व सदस्य
act-member-joined = { $member_is_you ->
    [true] आप समूह में जुड़े
   *[other] { $member } समूह में जुड़े
}
act-member-removed = { $member_is_you ->
    [true] आपको समूह से हटाया गया
   *[other] { $member } को समूह से हटाया गया
}
act-member-left = { $member_is_you ->
    [true] आपने समूह छोड़ा
   *[other] { $member } ने समूह छोड़ा
}
act-group-paid = { $from_is_you ->
    [true] आपने { $to } को { $amount } चुकाए
   *[other] { $to_is_you ->
        [true] { $from } ने आपको { $amount } चुकाए
       *[other] { $from } ने { $to } को { $amount } चुकाए
    }
}
act-payment-deleted = भुगतान मिटाया गया: { $from_is_you ->
    [true] आपने { $to } को { $amount } चुकाए
   *[other] { $to_is_you ->
        [true] { $from } ने आपको { $amount } चुकाए
       *[other] { $from } ने { $to } को { $amount } चुकाए
    }
}
act-payment-restored = भुगतान वापस लाया गया: { $from_is_you ->
    [true] आपने { $to } को { $amount } चुकाए
   *[other] { $to_is_you ->
        [true] { $from } ने आपको { $amount } चुकाए
       *[other] { $from } ने { $to } को { $amount } चुकाए
    }
}
