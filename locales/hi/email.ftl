# ईमेल: साझा लेआउट और पासवर्ड रीसेट का ईमेल।

email-greeting = नमस्ते { $name },
email-signoff = — { $app } टीम
email-footer = आपको यह ईमेल इसलिए मिला है क्योंकि यह आपके { $app } खाते से जुड़ा है। हम ईमेल पर कभी आपका पासवर्ड नहीं माँगेंगे।
email-reset-subject = अपना { $app } पासवर्ड रीसेट करें
email-reset-preheader = नया पासवर्ड चुनें। लिंक { $minutes } मिनट में समाप्त हो जाएगा।
email-reset-intro = किसी ने (उम्मीद है आपने ही) आपके { $app } खाते का पासवर्ड रीसेट करने को कहा है।
email-reset-open-link = नया पासवर्ड चुनने के लिए यह लिंक खोलें:
email-reset-button = नया पासवर्ड चुनें
email-reset-expiry = लिंक एक ही बार काम करता है और { $minutes } मिनट में समाप्त हो जाता है।
email-reset-ignore = अगर आपने यह नहीं माँगा था, तो इस ईमेल को अनदेखा करें: आपका पासवर्ड वैसा ही रहेगा।
email-verify-subject = { $app } के लिए अपने ईमेल पते की पुष्टि करें
email-verify-preheader = { $app } पर खाता तैयार करने के लिए अपने ईमेल पते की पुष्टि करें।
email-verify-intro = { $app } में आपका स्वागत है। अपना खाता तैयार करने के लिए कृपया अपने ईमेल पते की पुष्टि करें।
email-verify-text-intro = { $app } में आपका स्वागत है। यह लिंक खोलकर कृपया अपने ईमेल पते की पुष्टि करें:
email-verify-button = ईमेल पते की पुष्टि करें
email-verify-ignore = लिंक एक ही बार काम करता है। अगर आपने खाता नहीं बनाया है, तो इस ईमेल को अनदेखा करें; कुछ नहीं होगा।
# हर बटन के नीचे की पंक्ति, लिंक को पाठ के रूप में देने से पहले।
email-button-fallback = अगर बटन काम न करे, तो यह लिंक अपने ब्राउज़र में कॉपी करें:
email-reset-your-password = अपना पासवर्ड रीसेट करें

## साइन इन करने से खाता मिटाना रद्द हुआ।

email-deletion-cancelled-subject = आपका { $app } खाता नहीं मिटाया जाएगा
email-deletion-cancelled-preheader = आपने साइन इन किया, इसलिए हमने खाता मिटाना रद्द कर दिया।
email-deletion-cancelled-text = जब आपका खाता मिटाए जाने का इंतज़ार कर रहा था, तब आपने { $app } में साइन इन किया, इसलिए हमने खाता मिटाना रद्द कर दिया। सब कुछ वैसा ही रहेगा जैसा था।
email-deletion-cancelled-again = अगर आप फिर भी अपना खाता मिटाना चाहें, तो अपनी डेटा सेटिंग्स से फिर से कहें।
email-deletion-cancelled-again-link = अगर आप फिर भी अपना खाता मिटाना चाहें, तो अपनी डेटा सेटिंग्स से फिर से कहें:
email-deletion-cancelled-button = आपकी डेटा सेटिंग्स

## खाता मिटाने का अनुरोध; $date वह दिन है जब वह मिटेगा।

email-deletion-requested-subject = आपका { $app } खाता { $date } को मिटा दिया जाएगा
email-deletion-requested-preheader = इसे बनाए रखने के लिए { $date } से पहले साइन इन करें।
email-deletion-requested-text = आपने हमसे अपना { $app } खाता मिटाने को कहा है। हमने आपको हर जगह से साइन आउट कर दिया है, और { $date } को हम इसे मिटा देंगे: आपके खाते, लेन-देन, संपर्क और निजी समूह हमेशा के लिए चले जाएँगे। दूसरों के साथ साझा समूह और उधार उनके लिए सही बने रहेंगे, और आप "पूर्व सदस्य" के रूप में दिखेंगे।
email-deletion-requested-changed-mind = इरादा बदल गया? { $date } से पहले साइन इन करें, खाता मिटाना रद्द हो जाएगा।
email-deletion-requested-changed-mind-link = इरादा बदल गया? { $date } से पहले साइन इन करें, खाता मिटाना रद्द हो जाएगा:
email-deletion-requested-button = खाता बनाए रखने के लिए साइन इन करें
email-deletion-requested-not-you = अगर आपने यह नहीं माँगा था, तो अभी साइन इन करें और अपना पासवर्ड बदलें।

## साइन इन की नाकाम कोशिशों के बाद खाता लॉक हुआ।

email-locked-subject = आपका { $app } खाता कुछ समय के लिए लॉक है
email-locked-preheader = साइन इन की { $attempts } नाकाम कोशिशों के बाद आपका खाता { $minutes } मिनट के लिए लॉक है।
# लॉक रहने की अवधि (मोटे अक्षरों में) के आगे और पीछे।
email-locked-text-before = आपके { $app } खाते में साइन इन की { $attempts } नाकाम कोशिशें हुईं, इसलिए उसे सुरक्षित रखने के लिए हमने उसे
email-locked-minutes = { $minutes } मिनट
email-locked-text-after = के लिए लॉक कर दिया है।
email-locked-if-you = अगर यह आप थे, तो थोड़ा रुककर फिर से कोशिश करें, या अभी अपना पासवर्ड रीसेट करें।
email-locked-if-you-link = अगर यह आप थे, तो थोड़ा रुककर फिर से कोशिश करें, या अभी अपना पासवर्ड रीसेट करें:
email-locked-not-you = अगर यह आप नहीं थे, तो हो सकता है कोई आपके पासवर्ड का अंदाज़ा लगा रहा हो। लॉक रहने तक आपका खाता सुरक्षित है; हमारी सलाह है कि एक नया, अनोखा पासवर्ड चुनें।
email-locked-not-you-link = अगर यह आप नहीं थे, तो हो सकता है कोई आपके पासवर्ड का अंदाज़ा लगा रहा हो। लॉक रहने तक आपका खाता सुरक्षित है; हमारी सलाह है कि ऊपर के लिंक से एक नया, अनोखा पासवर्ड चुनें।

## किसी उधार की याद, जिसे पैसे मिलने हैं उसकी ओर से।

email-reminder-subject = { $app } पर { $owner } आपको { $amount } की याद दिला रहे हैं
email-reminder-preheader = { $owner } आपको { $amount } की याद दिला रहे हैं।
# $reason: उधार किस लिए है; $due: चुकाने की तारीख़।
email-reminder-text = { $owner } ने आपको एक दोस्ताना रिमाइंडर भेजा है: आपको उन्हें { $amount } देने हैं{ $has_reason ->
    [true] {" "}“{ $reason }” के लिए
   *[other] {""}
}{ $has_due ->
    [true] , { $due } तक।
   *[other] ।
}
email-reminder-see = { $app } पर देखें
email-reminder-see-link = { $app } पर देखें:
email-reminder-paid = अगर आप चुका चुके हैं, तो { $owner } को बता दें ताकि वे उसे दर्ज कर सकें।

## डेटा का एक्सपोर्ट तैयार है।

email-export-subject = आपके { $app } डेटा का एक्सपोर्ट तैयार है
email-export-preheader = आपके डेटा का एक्सपोर्ट { $days } दिन तक डाउनलोड के लिए तैयार है।
email-export-text = आपके { $app } डेटा का जो एक्सपोर्ट आपने माँगा था, वह तैयार है। डाउनलोड करने के लिए आपसे साइन इन करने को कहा जाएगा।
email-export-text-link = आपके { $app } डेटा का जो एक्सपोर्ट आपने माँगा था, वह तैयार है। इसे यहाँ से डाउनलोड करें (आपसे साइन इन करने को कहा जाएगा):
email-export-button = अपना एक्सपोर्ट डाउनलोड करें
email-export-expiry = लिंक { $days } दिन तक काम करता है; उसके बाद एक्सपोर्ट मिटा दिया जाता है और आप अपनी डेटा सेटिंग्स से नया माँग सकते हैं।
email-export-expiry-link = लिंक { $days } दिन तक काम करता है; उसके बाद एक्सपोर्ट मिटा दिया जाता है और आप { $link } पर नया माँग सकते हैं।
email-export-not-you = अगर आपने यह एक्सपोर्ट नहीं माँगा था, तो अपना पासवर्ड बदलें और अपने बाकी सत्रों से साइन आउट करें।

## उधार और समूह साझा करने का न्योता।

email-invitation-subject = { $inviter } { $app } पर आपके साथ खर्च साझा करना चाहते हैं
email-invitation-preheader = { $inviter } आपको { $app } पर खर्च साझा करने का न्योता दे रहे हैं।
email-invitation-text = { $inviter } { $app } पर आपके साझा पैसे (उधार और समूह के खर्च) का हिसाब रखते हैं और आपको भी उन्हें देखने का न्योता दे रहे हैं।
email-invitation-button = न्योता देखें
email-invitation-new = { $app } पर नए हैं? इस ईमेल पते से खाता बनाएँ और उसकी पुष्टि करें, फिर न्योता खोलें: { $link }
email-invitation-accept-link = स्वीकार करने के लिए साइन इन करें और यह लिंक खोलें:
email-invitation-new-link = { $app } पर नए हैं? इस ईमेल पते से खाता बनाएँ, उसकी पुष्टि करें, फिर ऊपर का लिंक खोलें:
email-invitation-ignore = जब तक आप स्वीकार नहीं करते, कुछ भी साझा नहीं होता। अगर आप { $inviter } को नहीं जानते, तो इस ईमेल को अनदेखा कर सकते हैं।

## पासवर्ड बदला गया।

email-password-changed-subject = आपका { $app } पासवर्ड बदल दिया गया
email-password-changed-preheader = अगर यह आप नहीं थे, तो अभी अपना पासवर्ड रीसेट करें।
email-password-changed-text = आपके { $app } खाते का पासवर्ड अभी बदला गया है, और आपके बाकी सत्रों से साइन आउट कर दिया गया है।
email-password-changed-you = अगर यह आप थे, तो और कुछ करने की ज़रूरत नहीं है।
# मोटे अक्षरों में, फिर बाकी वाक्य।
email-password-changed-not-you = अगर यह आप नहीं थे
email-password-changed-not-you-after = , तो अपना खाता वापस पाने के लिए अभी अपना पासवर्ड रीसेट करें।
email-password-changed-not-you-link = अगर यह आप नहीं थे, तो अपना खाता वापस पाने के लिए अभी अपना पासवर्ड रीसेट करें:

## किसी ने ऐसे पते से खाता बनाने की कोशिश की जिसका खाता पहले से है।

email-signup-attempt-subject = किसी ने आपके ईमेल पते से { $app } पर खाता बनाने की कोशिश की
email-signup-attempt-preheader = आपका खाता पहले से है, इसलिए हमने दूसरा नहीं बनाया।
email-signup-attempt-text = किसी ने (शायद आपने) इस ईमेल पते से { $app } पर नया खाता बनाने की कोशिश की। आपका खाता पहले से है, इसलिए हमने दूसरा नहीं बनाया।
email-signup-attempt-sign-in-link = साइन इन करने के लिए खोलें:
# पासवर्ड रीसेट के लिंक के आगे और पीछे।
email-signup-attempt-forgot = पासवर्ड भूल गए?
email-signup-attempt-reset = उसे यहाँ रीसेट करें
email-signup-attempt-reset-after = ।
email-signup-attempt-reset-link = पासवर्ड भूल गए? उसे यहाँ रीसेट करें:
email-signup-attempt-not-you = अगर यह आप नहीं थे, तो आपको कुछ करने की ज़रूरत नहीं है: आपके खाते में कोई बदलाव नहीं हुआ है।

## ईमेल से सूचनाएँ, एक साथ या दिन/हफ़्ते का सारांश। $digest "daily" या "weekly" है।

email-ntf-digest-subject = आपका { $digest ->
    [daily] दैनिक
   *[weekly] साप्ताहिक
} { $app } सारांश: { $count } अपडेट
email-ntf-updates-subject = { $has_group ->
    [true] { $group } में { $count } अपडेट
   *[other] { $count } अपडेट
}
email-ntf-digest-preheader = आपका { $digest ->
    [daily] दैनिक
   *[weekly] साप्ताहिक
} सारांश: { $count } अपडेट
email-ntf-digest-intro = आपके पिछले { $digest ->
    [daily] दैनिक
   *[weekly] साप्ताहिक
} सारांश के बाद यह सब हुआ।
email-ntf-one-intro = { $app } पर कुछ बदला है।
email-ntf-many-intro = { $has_group ->
    [true] { $group } में { $count } बातें बदलीं।
   *[other] { $count } बातें बदलीं।
}
# सूचना सेटिंग्स के लिंक के आगे और पीछे।
email-ntf-because = आपको यह ईमेल आपकी
email-ntf-because-after = {" "}की वजह से मिला है।
email-ntf-stop-all = सूचनाओं के सभी ईमेल बंद करें
# $scope: क्या बंद होगा, जैसे "समूह के खर्च"।
email-ntf-stop-category = { $scope } के ईमेल बंद करें
email-ntf-stop-scope = { $scope } के ईमेल बंद करें
email-ntf-stop-after = ।
email-ntf-all-link = आपकी सभी सूचनाएँ:
email-ntf-because-link = आपको यह ईमेल आपकी सूचना सेटिंग्स की वजह से मिला है:
