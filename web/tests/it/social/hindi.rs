//! The social pages in the reader's language (issue 15): every page of the
//! tour (`tour.rs`), its refused forms and fragments, for a person whose
//! language is Hindi, has no English sentence of the social catalogue left;
//! in English, the settle-up sentences and labels read as before.

use super::tour::tour;
use super::*;
use hisaab_service::i18n::{Locale, message_ids, tr};

/// The page as a person reads it: entities back to characters.
fn unescape(html: &str) -> String {
    html.replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&#x2f;", "/")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Every page: a status a page may answer with, every message found (no
/// id shown instead of its text) and with its arguments.
fn assert_whole(name: &str, status: poem::http::StatusCode, html: &str) {
    assert!(
        [200, 409, 422].contains(&status.as_u16()),
        "{name}: {status}\n{html}"
    );
    assert!(
        !html.contains("{$"),
        "{name}: a message without its argument\n{html}"
    );
    for id in ["soc-", "svc-social-"] {
        assert!(!html.contains(id), "{name}: a message id on the page\n{html}");
    }
}

fn page<'a>(pages: &'a [(String, poem::http::StatusCode, String)], name: &str) -> &'a str {
    &pages.iter().find(|p| p.0 == name).unwrap().2
}

#[tokio::test]
async fn every_social_page_reads_in_hindi() {
    let h = Harness::new().await;
    let pages = tour(&h, true).await;
    // The catalogue's English sentences (three words or more, no arguments):
    // none of them is left on a Hindi page.
    let english: Vec<String> = message_ids(Locale::En)
        .into_iter()
        .filter(|id| id.starts_with("soc-") || id.starts_with("svc-social-"))
        .map(|id| tr(Locale::En, &id))
        .filter(|text| !text.contains('{') && text.split_whitespace().count() >= 3)
        .collect();
    assert!(english.len() > 150, "{}", english.len());
    for (name, status, html) in &pages {
        assert_whole(name, *status, html);
        assert!(html.contains(r#"lang="hi""#) || !html.contains("<html"), "{name}");
        let text = unescape(html);
        for sentence in &english {
            assert!(
                !text.contains(sentence.as_str()),
                "{name}: {sentence:?} is in English\n{text}"
            );
        }
    }

    // Page by page, what a Hindi reader sees.
    let balances = page(&pages, "balances");
    assert!(balances.contains("<title>बकाया · Hisaab</title>"), "{balances}");
    assert!(
        balances.contains(r#"“Lunch” के लिए <a href="/social/contacts/"#)
            && balances.contains(">Bilal</a> से आपको $60.00 लेने हैं, चुकाने की तारीख 20 नव॰ 2026 थी।"),
        "the overdue IOU, its date for the reader: {balances}"
    );
    let group = page(&pages, "group");
    assert!(
        group.contains(
            r#"आप Bilal को <span class="money"><span class="money__amount">$32.00</span></span> दें"#
        ),
        "the plan's payment, amount inside the sentence: {group}"
    );
    assert!(
        group.contains("2 भुगतानों में से एक, जो मिलकर आप, Bilal और Cy का हिसाब बराबर करते हैं।"),
        "{group}"
    );
    assert!(
        group.contains("<dt>आप</dt>"),
        "the reader among the balances: {group}"
    );
    assert!(
        group.contains("भुगतान: आप · बराबर"),
        "who paid and how it is split: {group}"
    );
    // The activity: each line in Hindi, the reader's own words for them.
    for line in [
        "समूह “Flat” बनाया गया",
        "Groceries जोड़ा गया: $30.00",
        "Snacks मिटाया गया",
        "Cy ने आपको $1.00 चुकाए",
        "भुगतान मिटाया गया: Cy ने आपको $2.00 चुकाए",
    ] {
        assert!(unescape(group).contains(line), "{line}: {group}");
    }
    let contact = page(&pages, "contact-bilal");
    assert!(contact.contains("<title>Bilal · Hisaab</title>"));
    assert!(
        contact.contains("1 नव॰ 2026 · कुछ चुकाया गया · चुकाने की तारीख 20 नव॰ 2026"),
        "{contact}"
    );
    assert!(
        contact.contains(r#"<option value="upi">यूपीआई</option>"#),
        "{contact}"
    );
    assert!(contact.contains("Bilal ने आपको भुगतान किया"), "{contact}");
    assert!(page(&pages, "contact-edit").contains("<h1>Bilal की जानकारी बदलें</h1>"));
    assert!(page(&pages, "invitations").contains("<strong>dev</strong> ने आपको आमंत्रित किया"));
    assert!(page(&pages, "groups").contains("3 सदस्य · USD"));
    // Refusals: the service's sentences and the flash notes, in Hindi.
    assert!(page(&pages, "iou-edit-refused").contains("चुकाने की तारीख उधार की तारीख से पहले नहीं हो सकती।"));
    assert!(page(&pages, "group-member-refused").contains("अपने संपर्कों में से कोई चुनें या नया नाम लिखें, दोनों नहीं।"));
    assert!(page(&pages, "expense-preview-problems").contains("इस व्यक्ति को कितना देना है, डालें।"));
    assert!(page(&pages, "group-filter-error").contains("सही तारीख YYYY-MM-DD के रूप में डालें"));
    assert!(page(&pages, "flash-contact-saved").contains("संपर्क सहेज लिया गया।"));
    assert!(page(&pages, "reminder-sent").contains("याद दिलाने का संदेश भेज दिया गया।"));
}

#[tokio::test]
async fn the_social_pages_in_english_read_as_before() {
    let h = Harness::new().await;
    let pages = tour(&h, false).await;
    for (name, status, html) in &pages {
        assert_whole(name, *status, html);
        assert!(html.contains(r#"lang="en""#) || !html.contains("<html"), "{name}");
    }
    let group = page(&pages, "group");
    assert!(
        group.contains(r#"<p class="actions-list__title">You pay Bilal <span class="money"><span class="money__amount">$32.00</span></span></p>"#),
        "{group}"
    );
    assert!(group.contains("One of 2 payments that together settle you, Bilal and Cy."));
    assert!(group.contains("<dt>You</dt>"));
    assert!(group.contains("20 Nov 2026 · paid by You · equal"), "{group}");
    for line in [
        "Group “Flat” created",
        "Groceries added: $30.00",
        "Snacks deleted",
        "Cy paid you $1.00",
        "Payment deleted: Cy paid you $2.00",
    ] {
        assert!(unescape(group).contains(line), "{line}: {group}");
    }
    let contact = page(&pages, "contact-bilal");
    assert!(contact.contains("so it can't be deleted: correct it instead."));
    assert!(contact.contains("Bilal paid you<span"));
    let balances = page(&pages, "balances");
    assert!(
        balances.contains(">Bilal</a> owes you $60.00 for “Lunch”, due 20 Nov 2026."),
        "{balances}"
    );
    assert!(page(&pages, "expense-new").contains(r#"Fill in "paid" for each person below instead."#));
}
