//! One input dialect: the same mistake says the same thing, under the same
//! field name, in finance and in social finance.

use crate::finance::{account, tx};
use crate::social::contact;
use hisaab_service::finance::accounts::AccountView;
use hisaab_service::finance::transactions;
use hisaab_service::social::{self, ContactView, DebtInput};
use hisaab_service::testkit::TestApp;
use hisaab_service::{Actor, Error};

fn problems<T: std::fmt::Debug>(result: Result<T, Error>) -> Vec<(String, String)> {
    match result {
        Err(Error::Invalid { errors, .. }) => errors.into_iter().map(|e| (e.field, e.message)).collect(),
        other => panic!("expected Invalid, got {other:?}"),
    }
}

fn debt(contact_id: &str, amount: &str, date: &str) -> DebtInput {
    DebtInput {
        contact_id: contact_id.into(),
        direction: "lent".into(),
        amount: amount.into(),
        currency: "USD".into(),
        date: date.into(),
        reason: None,
        due_date: None,
        account_id: None,
    }
}

struct Subjects {
    wallet: AccountView,
    meera: ContactView,
}

impl Subjects {
    async fn new(t: &TestApp, a: &Actor) -> Self {
        Self {
            wallet: account(t, a, "Wallet", "USD", "0").await,
            meera: contact(t, a, "Meera").await,
        }
    }

    /// What finance (a transaction) and social finance (an IOU) say about the same input.
    async fn both(
        &self,
        t: &TestApp,
        a: &Actor,
        amount: &str,
        date: &str,
    ) -> (Vec<(String, String)>, Vec<(String, String)>) {
        let input = tx(&self.wallet, "expense", amount, date);
        let finance = problems(transactions::record_transaction(&t.app, a, input, None).await);
        let input = debt(&self.meera.id.to_string(), amount, date);
        let social = problems(social::record_debt(&t.app, a, None, input).await);
        (finance, social)
    }
}

#[tokio::test]
async fn a_bad_date_says_the_same_everywhere() {
    let t = TestApp::new().await;
    let a = t.actor(&t.user("a@example.com").await);
    let s = Subjects::new(&t, &a).await;
    for bad in ["2026-02-30", "25/11/2026", "2201-01-01"] {
        let (finance, social) = s.both(&t, &a, "10", bad).await;
        assert_eq!(finance.len(), 1, "{finance:?}");
        assert_eq!(finance, social, "{bad}");
        assert_eq!(finance[0].0, "date");
        assert!(finance[0].1.contains("YYYY-MM-DD"), "{finance:?}");
    }
}

#[tokio::test]
async fn an_amount_with_spaces_is_refused_not_trimmed() {
    let t = TestApp::new().await;
    let a = t.actor(&t.user("a@example.com").await);
    let s = Subjects::new(&t, &a).await;
    for bad in [" 10 ", "10 ", " 10", "1.234", "0", "ten"] {
        let (finance, social) = s.both(&t, &a, bad, "2026-11-01").await;
        assert_eq!(finance.len(), 1, "{finance:?}");
        assert_eq!(finance, social, "{bad:?}");
        assert_eq!(finance[0].0, "amount");
    }
}

#[tokio::test]
async fn a_malformed_id_in_a_body_field_names_the_field() {
    let t = TestApp::new().await;
    let a = t.actor(&t.user("a@example.com").await);
    let wallet = account(&t, &a, "Wallet", "USD", "0").await;
    let mut input = tx(&wallet, "expense", "10", "2026-11-01");
    input.account_id = "42".into();
    let finance = problems(transactions::record_transaction(&t.app, &a, input, None).await);
    let social = problems(social::record_debt(&t.app, &a, None, debt("42", "10", "2026-11-01")).await);
    assert_eq!(finance[0].0, "account_id");
    assert_eq!(social[0].0, "contact_id");
    assert_eq!(finance[0].1, social[0].1);

    let mut input = tx(&wallet, "expense", "10", "2026-11-01");
    input.category_id = Some("not-an-id".into());
    let finance = problems(transactions::record_transaction(&t.app, &a, input, None).await);
    assert_eq!(finance, [("category_id".to_string(), social[0].1.clone())]);
}
