# API की सबसे आम समस्याओं (RFC 9457) के शीर्षक, Accept-Language के अनुसार।

problem-validation-title = अमान्य अनुरोध
problem-not-found-title = नहीं मिला
problem-not-found-detail = यहाँ कुछ नहीं है, या यह आपका नहीं है।
problem-unauthorized-title = साइन इन नहीं है
problem-rate-limited-title = बहुत ज़्यादा अनुरोध
