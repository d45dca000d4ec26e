//! Writing a confirmed import inside the confirmation's transaction.

use super::{ImportPreview, ImportResult, flag_duplicates};
use crate::actor::Actor;
use crate::db;
use crate::effects::Effects;
use crate::error::{Error, FieldError, Result};
use crate::finance::record::{self, NewRecord};
use crate::finance::transactions::usable_account;
use crate::finance::{AccountId, FlowKind, currency_of};
use crate::input::iso_date;
use crate::money::{Currency, Money};
use crate::social::{
    self,
    activity::{Line, Said},
};
use hisaab_entity::social::{GroupMemberId, contact};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::json;
use time::OffsetDateTime;

pub(super) fn line_error(line: usize, e: Error) -> Error {
    match e {
        Error::Invalid { detail, .. } => {
            let message = format!("Line {line}: {detail}");
            Error::invalid_fields(message.clone(), vec![FieldError::new("file", message)])
        }
        e => e,
    }
}

pub(super) async fn write_splitwise(
    txn: &db::WriteTx,
    actor: &Actor,
    preview: &ImportPreview,
    now: OffsetDateTime,
    effects: &mut Effects,
) -> Result<ImportResult> {
    let currency = Currency::parse(&preview.currency)
        .map_err(|_| Error::invalid("file", "The file names no currency."))?;
    let name = preview
        .group_name
        .clone()
        .unwrap_or_else(|| "Imported from Splitwise".into());
    // Contacts by name: an existing one (not archived first), else a new one.
    let existing = contact::Entity::find()
        .filter(contact::Column::TenantId.eq(actor.tenant_id))
        .order_by_asc(contact::Column::CreatedAt)
        .all(txn)
        .await?;
    let mut contacts: Vec<Option<contact::Model>> = Vec::new();
    let mut created = 0;
    for p in &preview.people {
        if p.me {
            contacts.push(None);
            continue;
        }
        let same = |c: &&contact::Model| c.name.trim().eq_ignore_ascii_case(p.name.trim());
        let found = existing
            .iter()
            .filter(same)
            .find(|c| c.archived_at.is_none())
            .or_else(|| existing.iter().find(same));
        let c = match found {
            Some(c) => c.clone(),
            None => {
                created += 1;
                social::insert_contact_in(txn, actor, p.name.clone(), now).await?
            }
        };
        contacts.push(Some(c));
    }
    let members_of: Vec<contact::Model> = contacts.iter().flatten().cloned().collect();
    let (g, members) = social::insert_group_in(txn, actor, name, currency, true, &members_of, now).await?;
    let group = social::group_view(g, members)?;
    let member_of = |i: usize| -> Option<GroupMemberId> {
        match &contacts[i] {
            None => group.you().map(|m| m.id),
            Some(c) => group
                .members
                .iter()
                .find(|m| m.contact_id == Some(c.id))
                .map(|m| m.id),
        }
    };
    for e in &preview.expenses {
        let mut payers = Vec::new();
        let mut participants = Vec::new();
        for s in &e.shares {
            let m = member_of(s.person).ok_or(Error::NotFound)?.to_string();
            if Money::parse(&s.paid, currency).is_ok_and(|v| v.is_positive()) {
                payers.push(social::PayerInput {
                    member_id: m.clone(),
                    amount: s.paid.clone(),
                    account_id: None,
                });
            }
            if Money::parse(&s.owed, currency).is_ok_and(|v| v.is_positive()) {
                participants.push(social::ParticipantInput {
                    member_id: m,
                    value: Some(s.owed.clone()),
                });
            }
        }
        let notes =
            (!e.category.trim().is_empty()).then(|| format!("Splitwise category: {}", e.category.trim()));
        let input = social::ExpenseInput {
            description: e.description.clone(),
            date: e.date.clone(),
            total: e.cost.clone(),
            currency: None,
            rate: None,
            payers,
            split: social::SplitInput {
                method: "exact".into(),
                participants,
                ..social::SplitInput::default()
            },
            notes,
            category_id: None,
        };
        social::import_expense_in(txn, actor, &group, &input, now)
            .await
            .map_err(|err| line_error(e.line, err))?;
    }
    for p in &preview.payments {
        let (Some(from), Some(to)) = (member_of(p.from), member_of(p.to)) else {
            return Err(Error::NotFound);
        };
        let amount = Money::parse(&p.amount, currency)
            .map_err(|_| line_error(p.line, Error::invalid("file", "The amount cannot be read.")))?;
        let date = iso_date(&p.date)
            .ok_or_else(|| line_error(p.line, Error::invalid("file", "The date cannot be read.")))?;
        social::import_group_payment_in(
            txn,
            actor,
            now,
            group.id,
            from,
            to,
            amount,
            date,
            Some(p.description.clone()),
        )
        .await?;
    }
    let summary = format!(
        "Group “{}” imported from Splitwise ({} expenses, {} payments)",
        group.name,
        preview.expenses.len(),
        preview.payments.len()
    );
    effects
        .activity(Line {
            group_id: Some(group.id),
            contact_id: None,
            subject_id: Some(group.id.0),
            action: "group.created",
            summary: &summary,
            details: json!({}),
            said: vec![
                Said::new("act-group-imported")
                    .text("name", &group.name)
                    .count("expenses", preview.expenses.len())
                    .count("payments", preview.payments.len()),
            ],
        })
        .event("group.created", json!({ "id": group.id.0, "name": group.name }));
    Ok(ImportResult {
        group_id: Some(group.id.0),
        contacts_created: created,
        expenses: preview.expenses.len(),
        payments: preview.payments.len(),
        ..ImportResult::default()
    })
}

pub(super) async fn write_bank(
    txn: &db::WriteTx,
    actor: &Actor,
    preview: &ImportPreview,
    now: OffsetDateTime,
    effects: &mut Effects,
) -> Result<ImportResult> {
    let account_id: AccountId = preview
        .account_id
        .as_deref()
        .and_then(|a| a.parse().ok())
        .ok_or(Error::NotFound)?;
    let account = usable_account(txn, actor, account_id).await?;
    let currency = currency_of(&account.currency)?;
    // Records may have been added since the preview: look again.
    let mut records = preview.records.clone();
    flag_duplicates(txn, actor, account_id, currency, &mut records).await?;
    let mut written = 0;
    for r in records.iter().filter(|r| r.duplicate.is_none()) {
        let amount = Money::parse(&r.amount, currency)
            .map_err(|_| line_error(r.line, Error::invalid("file", "The amount cannot be read.")))?;
        let date = iso_date(&r.date)
            .ok_or_else(|| line_error(r.line, Error::invalid("file", "The date cannot be read.")))?;
        let (kind, amount) = if amount.is_positive() {
            (FlowKind::Income, amount)
        } else {
            (FlowKind::Expense, amount.negate())
        };
        record::insert(
            txn,
            actor,
            now,
            NewRecord {
                account_id,
                kind,
                amount,
                date,
                description: r.description.clone(),
                payee: None,
                category_id: None,
                tags: Vec::new(),
                notes: None,
                transfer_id: None,
                reverses_id: None,
                corrects_id: None,
                reason: None,
            },
            effects,
        )
        .await?;
        written += 1;
    }
    Ok(ImportResult {
        account_id: Some(account_id.0),
        records: written,
        ..ImportResult::default()
    })
}
