# साझा हिस्से की सेवा के अंग्रेज़ी संदेशों (फ़ील्ड की त्रुटियाँ, इनकार, एक बार के नोट) का हिन्दी रूप।

## एक बार के नोट
svc-social-flash-group-saved = समूह की सेटिंग्स सहेज ली गईं।
svc-social-flash-group-archived = समूह आर्काइव कर दिया गया। इसके खर्च और बकाया रखे गए हैं; इसे यहीं से वापस ला सकते हैं।
svc-social-flash-group-restored = समूह वापस आ गया।
svc-social-flash-member-added = सदस्य जोड़ दिया गया।
svc-social-flash-member-removed = सदस्य हटा दिया गया। उनके पिछले खर्च समूह में बने रहेंगे।
svc-social-flash-left-group = आपने समूह छोड़ दिया।
svc-social-flash-contact-saved = संपर्क सहेज लिया गया।
svc-social-flash-contact-archived = संपर्क आर्काइव कर दिया गया। उनका इतिहास और बकाया रखा गया है।
svc-social-flash-contact-restored = संपर्क वापस आ गया।
svc-social-flash-reminder-sent = याद दिलाने का संदेश भेज दिया गया। इस उधार के बारे में अगला संदेश आप कल भेज सकते हैं।

## हर फ़ॉर्म के फ़ील्ड
svc-social-enter-group-name = समूह का नाम डालें।
svc-social-enter-name-for-group = समूह के लिए नाम डालें।
svc-social-enter-description = विवरण डालें।
svc-social-group-name-characters = समूह के नाम में ऐसे अक्षर हैं जिनकी अनुमति नहीं है।
svc-social-group-name-for-characters = समूह के नाम में ऐसे अक्षर हैं जिनकी अनुमति नहीं है।
svc-social-description-characters = विवरण में ऐसे अक्षर हैं जिनकी अनुमति नहीं है।
svc-social-reason-characters = वजह में ऐसे अक्षर हैं जिनकी अनुमति नहीं है।
svc-social-notes-characters = नोट्स में ऐसे अक्षर हैं जिनकी अनुमति नहीं है।
svc-social-phone-characters = फ़ोन नंबर में ऐसे अक्षर हैं जिनकी अनुमति नहीं है।
svc-social-phone-format = फ़ोन नंबर में सिर्फ़ अंक, खाली जगह और + - ( ) डालें।
svc-social-search-too-long = खोज के लिए ज़्यादा से ज़्यादा 100 अक्षरों का सादा टेक्स्ट डालें।

## संपर्क, उधार, याद दिलाना और आमंत्रण
svc-social-no-such-contact = ऐसा कोई संपर्क नहीं है। अपने संपर्कों में से एक चुनें।
svc-social-due-before-date = चुकाने की तारीख उधार की तारीख से पहले नहीं हो सकती।
svc-social-iou-account-not-yours = खाते सिर्फ़ आपके अपने उधारों से जोड़े जा सकते हैं; यहाँ खाता न चुनें।
svc-social-account-archived = यह खाता आर्काइव में है; इसे वापस लाएँ या कोई दूसरा चुनें।
svc-social-iou-recorder-only = इस उधार को सिर्फ़ वही व्यक्ति बदल सकता है जिसने इसे लिखा था।
svc-social-nothing-to-correct = सुधारने को कुछ नहीं है: रकम, मुद्रा, तारीख या लेन-देन की दिशा बदलें।
svc-social-iou-corrected = यह उधार सुधारा जा चुका है; इसकी जगह इसका मौजूदा रूप बदलें।
svc-social-iou-deleted = यह उधार मिटाया जा चुका है। बदलने से पहले इसे वापस लाएँ।
svc-social-remind-not-current = यह उधार मिटाया या सुधारा जा चुका है: जो उधार अभी मान्य है, उसकी याद दिलाएँ।
svc-social-remind-settled = यह उधार चुकता हो चुका है: याद दिलाने को कुछ नहीं है।
svc-social-invite-needs-email = पहले इस संपर्क का ईमेल पता जोड़ें: आमंत्रण उसी पर जाता है।
svc-social-invite-own-email = यह आपका अपना ईमेल पता है।
svc-social-invite-verify-first = पहले अपने ईमेल पते की पुष्टि करें, फिर आमंत्रण स्वीकार करें।
svc-social-invite-own = आप अपना ही आमंत्रण स्वीकार नहीं कर सकते।
svc-social-contact-group-too-big = एक संपर्क समूह में ज़्यादा से ज़्यादा 200 लोग हो सकते हैं।

## भुगतान
svc-social-record-own-payments = आप सिर्फ़ वही भुगतान दर्ज कर सकते हैं जो आपने किए या आपको मिले।
svc-social-change-own-payments = आप सिर्फ़ वही भुगतान बदल सकते हैं जो आपने किए या आपको मिले।
svc-social-payment-account-own = आपके खाते से सिर्फ़ वही भुगतान जा सकता है जो आपने किया या आपको मिला।
svc-social-pay-yourself = कोई खुद को भुगतान नहीं कर सकता। कोई दूसरा सदस्य चुनें।

## समूह और सदस्य
svc-social-choose-member = इस समूह का कोई सदस्य चुनें।
svc-social-group-account-own = खाते सिर्फ़ आपके अपने समूहों में जोड़े जा सकते हैं; यहाँ खाता न चुनें।
svc-social-remove-yourself = आप खुद को अपने ही समूह से नहीं हटा सकते। इसकी जगह समूह को आर्काइव करें।
svc-social-leave-own-group = यह आपका अपना समूह है, इसलिए आप इसे छोड़ नहीं सकते। इसकी जगह इसे आर्काइव करें।
svc-social-member-contact-or-name = अपने संपर्कों में से कोई चुनें, या किसी नए व्यक्ति का नाम लिखें।
svc-social-member-not-both = अपने संपर्कों में से कोई चुनें या नया नाम लिखें, दोनों नहीं।
svc-social-group-archived = यह समूह आर्काइव में है। खर्च जोड़ने के लिए इसे वापस लाएँ।
svc-social-member-twice = यह सदस्य दो बार है; हर सदस्य को एक ही बार रखें।
svc-social-default-split-empty = कम से कम एक सदस्य को प्रतिशत दें, या डिफ़ॉल्ट बँटवारा हटा दें।
svc-social-percentage-format = 60 या 33.5 जैसा प्रतिशत डालें।

## खर्च और बँटवारा
svc-social-expense-deleted = यह खर्च मिटाया जा चुका है। बदलने से पहले इसे वापस लाएँ।
svc-social-only-what-you-paid = आपके खाते से सिर्फ़ वही जा सकता है जो आपने चुकाया।
svc-social-rate-format = शून्य से ज़्यादा और ज़्यादा से ज़्यादा 10 दशमलव स्थानों वाली दर डालें।
svc-social-rate-not-needed = दर खाली छोड़ें: खर्च समूह की ही मुद्रा में है।
svc-social-say-who-paid = बताएँ कि किसने भुगतान किया।
svc-social-payer-twice = यह व्यक्ति पहले से भुगतान करने वालों में है।
svc-social-number-format = 12.50 जैसी संख्या डालें।
svc-social-currency-cannot-split = यह मुद्रा बाँटी नहीं जा सकती। कोई दूसरी मुद्रा चुनें।
svc-social-total-positive = शून्य से ज़्यादा कुल रकम डालें।
svc-social-enter-owed = इस व्यक्ति को कितना देना है, डालें।
svc-social-amount-negative = रकम ऋणात्मक नहीं हो सकती। 0 या उससे ज़्यादा डालें।
svc-social-enter-percentage = इस व्यक्ति का प्रतिशत डालें।
svc-social-percentage-range = शून्य से ज़्यादा और ज़्यादा से ज़्यादा 100 प्रतिशत डालें।
svc-social-percentage-precision = प्रतिशत में ज़्यादा से ज़्यादा 4 दशमलव स्थान रखें।
svc-social-enter-shares = इस व्यक्ति के हिस्सों की संख्या डालें।
svc-social-shares-range = शून्य से ज़्यादा हिस्से डालें।
svc-social-shares-precision = हिस्सों में ज़्यादा से ज़्यादा 4 दशमलव स्थान रखें।
svc-social-reductions-too-large = ये कटौतियाँ बहुत बड़ी हैं। छोटी रकम डालें।
svc-social-add-item = बाँटने के लिए कम से कम एक चीज़ जोड़ें।
svc-social-item-price = इस चीज़ की शून्य से ज़्यादा कीमत डालें।
svc-social-item-assign = इस चीज़ को कम से कम एक व्यक्ति को दें।
svc-social-item-duplicate = एक चीज़ पर हर व्यक्ति एक ही बार हो सकता है। दोहराया गया नाम हटाएँ।
svc-social-tax-negative = टैक्स ऋणात्मक नहीं हो सकता। 0 या उससे ज़्यादा डालें।
svc-social-tip-negative = टिप ऋणात्मक नहीं हो सकती। 0 या उससे ज़्यादा डालें।
svc-social-discount-negative = छूट ऋणात्मक नहीं हो सकती। 0 या उससे ज़्यादा डालें।
svc-social-items-too-large = ये रकमें दर्ज करने के लिए बहुत बड़ी हैं। कीमतें जाँचें।
svc-social-choose-participant = यह खर्च बाँटने के लिए कम से कम एक व्यक्ति चुनें।
svc-social-participant-twice = यह व्यक्ति बँटवारे में पहले से है। दोहराया गया नाम हटाएँ।
svc-social-amount-whole = रकम पूरी संख्या होनी चाहिए (इस मुद्रा में दशमलव नहीं होते)।
svc-social-amount-one-decimal = रकम में ज़्यादा से ज़्यादा 1 दशमलव स्थान हो सकता है।
svc-social-adjustment-whole = घट-बढ़ पूरी संख्या होनी चाहिए (इस मुद्रा में दशमलव नहीं होते)।
svc-social-adjustment-one-decimal = घट-बढ़ में ज़्यादा से ज़्यादा 1 दशमलव स्थान हो सकता है।
svc-social-amount-too-large = रकम बहुत बड़ी है। रकम जाँचें।
svc-social-adjustment-too-large = घट-बढ़ बहुत बड़ी है। रकम जाँचें।
