//! One unified audit log record, read from the JSON of an export's
//! `AuditData` cell: when it happened (its own `CreationTime`, UTC), who
//! acted, what it did, and which mailboxes it names.
//!
//! Field names follow the Office 365 Management Activity API schema
//! (common schema; Exchange mailbox schema: `MailboxOwnerUPN`,
//! `SendAsUserSmtp`, `SendOnBehalfOfUserSmtp`, `OperationProperties`;
//! Exchange admin schema: `Parameters`, `ObjectId`):
//! <https://learn.microsoft.com/office/office-365-management-api/office-365-management-activity-api-schema>.
//! Throttling of MailItemsAccessed (`IsThrottled` in `OperationProperties`):
//! <https://learn.microsoft.com/purview/audit-log-investigate-accounts>.

use serde_json::Value;

use crate::date::Timestamp;

/// What a record says about a mailbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Action {
    /// Mail read (`MailItemsAccessed`), sent (`Send`, `SendAs`,
    /// `SendOnBehalf`), or an inbox rule or forwarding set
    /// (`New-InboxRule`, `Set-InboxRule`, `Set-Mailbox` with a forwarding
    /// parameter): access, when the actor is the attacker's.
    Access,
    /// Any other record naming a mailbox: its logging was on.
    Logged,
    /// A sign-in: a credential was used; it names no mailbox.
    SignIn,
}

/// A record, reduced to what evidence of access needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRecord {
    /// The record's `Id`: the same record on two result pages is one.
    pub id: String,
    pub time: Timestamp,
    /// `Operation`, as written.
    pub operation: String,
    /// `UserId`: who acted (a UPN, usually).
    pub actor: String,
    pub action: Action,
    /// The mailboxes the record is about, as the record names them (an
    /// address, or for the admin cmdlets the `Identity` given).
    pub mailboxes: Vec<String>,
    /// A MailItemsAccessed record marked `IsThrottled`: the mailbox's
    /// access logging stopped for the next 24 hours.
    pub throttled: bool,
}

/// Hours a throttled MailItemsAccessed stops that logging for.
pub const THROTTLE_HOURS: i64 = 24;

/// Operations that are sign-ins (Entra ID's sign-in records).
const SIGN_INS: [&str; 2] = ["UserLoggedIn", "UserLoginFailed"];

/// Set-Mailbox parameters that set forwarding.
const FORWARDING_PARAMETERS: [&str; 3] = [
    "ForwardingSmtpAddress",
    "ForwardingAddress",
    "DeliverToMailboxAndForward",
];

impl AuditRecord {
    /// Reads the JSON text of an `AuditData` cell; the error says what is
    /// missing or malformed.
    pub fn parse(json: &str) -> Result<AuditRecord, String> {
        let value: Value = serde_json::from_str(json)
            .map_err(|error| format!("AuditData is not JSON: {error}"))?;
        let Value::Object(_) = value else {
            return Err("AuditData is not a JSON object".into());
        };
        let text = |field: &str| -> Result<&str, String> {
            match value.get(field) {
                Some(Value::String(text)) if !text.trim().is_empty() => Ok(text.trim()),
                Some(_) => Err(format!("AuditData's `{field}` is not a non-empty string")),
                None => Err(format!("AuditData has no `{field}`")),
            }
        };
        let id = text("Id")?.to_ascii_lowercase();
        let creation = text("CreationTime")?;
        let time: Timestamp = creation.parse().map_err(|_| {
            format!(
                "AuditData's `CreationTime` `{creation}` is not a UTC time (YYYY-MM-DDTHH:MM:SS)"
            )
        })?;
        let operation = text("Operation")?.to_string();
        let actor = text("UserId")?.to_string();
        let optional = |field: &str| {
            value
                .get(field)
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|text| !text.is_empty())
        };
        let named = |name: &str, list: &str| -> Option<String> {
            value.get(list)?.as_array()?.iter().find_map(|entry| {
                (entry.get("Name")?.as_str()? == name)
                    .then(|| entry.get("Value")?.as_str().map(|v| v.trim().to_string()))
                    .flatten()
            })
        };
        let owner = optional("MailboxOwnerUPN").map(str::to_string);
        let identity_or_actor = || {
            named("Identity", "Parameters")
                .filter(|identity| !identity.is_empty())
                .or_else(|| optional("ObjectId").map(str::to_string))
                .unwrap_or_else(|| actor.clone())
        };
        let (action, mailboxes) = match operation.as_str() {
            "MailItemsAccessed" | "Send" => (Action::Access, owner.into_iter().collect()),
            "SendAs" => (
                Action::Access,
                optional("SendAsUserSmtp")
                    .map(str::to_string)
                    .or(owner)
                    .into_iter()
                    .collect(),
            ),
            "SendOnBehalf" => (
                Action::Access,
                optional("SendOnBehalfOfUserSmtp")
                    .map(str::to_string)
                    .or(owner)
                    .into_iter()
                    .collect(),
            ),
            "New-InboxRule" | "Set-InboxRule" | "UpdateInboxRules" => {
                (Action::Access, vec![identity_or_actor()])
            }
            "Set-Mailbox"
                if FORWARDING_PARAMETERS
                    .iter()
                    .any(|parameter| named(parameter, "Parameters").is_some()) =>
            {
                (Action::Access, vec![identity_or_actor()])
            }
            operation if SIGN_INS.contains(&operation) => (Action::SignIn, Vec::new()),
            _ => (Action::Logged, owner.into_iter().collect()),
        };
        let throttled = operation == "MailItemsAccessed"
            && named("IsThrottled", "OperationProperties")
                .is_some_and(|value| value.eq_ignore_ascii_case("true"));
        Ok(AuditRecord {
            id,
            time,
            operation,
            actor,
            action,
            mailboxes,
            throttled,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mail_items_accessed_names_the_owner_s_mailbox_and_throttling() {
        let record = AuditRecord::parse(
            r#"{"CreationTime":"2017-06-23T10:05:07","Id":"A1","Operation":"MailItemsAccessed","UserId":"s@x","MailboxOwnerUPN":"m@x","OperationProperties":[{"Name":"MailAccessType","Value":"Bind"},{"Name":"IsThrottled","Value":"True"}]}"#,
        )
        .unwrap();
        assert_eq!(record.action, Action::Access);
        assert_eq!(record.mailboxes, ["m@x"]);
        assert!(record.throttled);
        assert_eq!(record.time.iso(), "2017-06-23T10:05:07Z");
        assert_eq!(record.id, "a1");
    }

    #[test]
    fn admin_cmdlets_name_the_identity_or_else_the_actor() {
        let with = AuditRecord::parse(
            r#"{"CreationTime":"2017-06-23T10:05:07","Id":"b","Operation":"New-InboxRule","UserId":"s@x","Parameters":[{"Name":"Identity","Value":"m@x"},{"Name":"ForwardTo","Value":"e@evil"}]}"#,
        )
        .unwrap();
        assert_eq!(with.mailboxes, ["m@x"]);
        let without = AuditRecord::parse(
            r#"{"CreationTime":"2017-06-23T10:05:07","Id":"c","Operation":"New-InboxRule","UserId":"s@x","Parameters":[{"Name":"ForwardTo","Value":"e@evil"}]}"#,
        )
        .unwrap();
        assert_eq!(without.mailboxes, ["s@x"]);
        let quiet = AuditRecord::parse(
            r#"{"CreationTime":"2017-06-23T10:05:07","Id":"d","Operation":"Set-Mailbox","UserId":"s@x","Parameters":[{"Name":"Identity","Value":"m@x"},{"Name":"RetainDeletedItemsFor","Value":"30"}]}"#,
        )
        .unwrap();
        assert_eq!(quiet.action, Action::Logged);
    }

    #[test]
    fn send_as_names_the_impersonated_mailbox_and_sign_ins_none() {
        let record = AuditRecord::parse(
            r#"{"CreationTime":"2017-06-23T10:05:07","Id":"e","Operation":"SendAs","UserId":"s@x","MailboxOwnerUPN":"s@x","SendAsUserSmtp":"m@x"}"#,
        )
        .unwrap();
        assert_eq!(record.mailboxes, ["m@x"]);
        let sign_in = AuditRecord::parse(
            r#"{"CreationTime":"2017-06-23T10:05:07","Id":"f","Operation":"UserLoggedIn","UserId":"s@x","ObjectId":"00000002-0000-0ff1-ce00-000000000000"}"#,
        )
        .unwrap();
        assert_eq!(sign_in.action, Action::SignIn);
        assert!(sign_in.mailboxes.is_empty());
    }

    #[test]
    fn malformed_records_say_what_is_wrong() {
        for (json, message) in [
            ("{", "not JSON"),
            ("[1]", "not a JSON object"),
            (
                r#"{"Id":"a","Operation":"Send","UserId":"s"}"#,
                "no `CreationTime`",
            ),
            (
                r#"{"CreationTime":"23/06/2017 10:05","Id":"a","Operation":"Send","UserId":"s"}"#,
                "not a UTC time",
            ),
            (
                r#"{"CreationTime":"2017-06-23T10:05:07","Id":"","Operation":"Send","UserId":"s"}"#,
                "`Id` is not a non-empty string",
            ),
        ] {
            let error = AuditRecord::parse(json).unwrap_err();
            assert!(error.contains(message), "{json}: {error}");
        }
    }
}
