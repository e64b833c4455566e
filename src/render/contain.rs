//! The containment checklist as a table, JSON (`mailgraph/contain/v1`), CSV
//! or Markdown, each step with the PowerShell an administrator would run
//! (Exchange Online PowerShell and Microsoft Graph PowerShell). Every value
//! in a command is a single-quoted string ([`powershell::quote`]); names go
//! through [`Labels`], so a redacted checklist names no one (its commands
//! then hold pseudonyms, to be mapped back by whoever holds the key).

use std::fmt::Write as _;

use serde_json::{Value, json};

use super::answer::to_text;
use super::csv::Csv;
use super::powershell::quote;
use super::terminal::{Style, escape};
use super::{Labels, markdown};
use crate::contain::{Action, Checklist, Section, Step};
use crate::model::{Incident, Right};

/// A step as it is shown: what to do, an optional note, the commands.
pub struct Shown {
    pub section: Section,
    pub title: String,
    pub reason: &'static str,
    pub note: Option<String>,
    pub commands: Vec<String>,
}

/// How an application is found by its id or name.
fn find_application(id: &str) -> String {
    let id = quote(id);
    format!(
        "$app = Get-MgApplication -All | Where-Object {{ $_.AppId -eq {id} -or $_.DisplayName -eq {id} }}"
    )
}

/// What a step says and runs.
pub fn show(step: &Step, labels: &Labels<'_>) -> Shown {
    let graph = labels.graph();
    let model = graph.model();
    let id = |node| labels.id(node).into_owned();
    let (title, note, commands) = match step.action {
        Action::ResetAccount(node) => {
            let user = id(node);
            let note = graph.account(node).filter(|account| !account.mfa).map(|_| {
                "no second factor: require MFA before the account is used again".to_string()
            });
            (
                format!("Reset the password of {user} and revoke its sessions"),
                note,
                vec![
                    format!(
                        "Update-MgUser -UserId {} -PasswordProfile @{{ ForceChangePasswordNextSignIn = $true; Password = '<a new password>' }}",
                        quote(&user)
                    ),
                    format!("Revoke-MgUserSignInSession -UserId {}", quote(&user)),
                ],
            )
        }
        Action::ResetMailboxCredential(node) => {
            let mailbox = id(node);
            (
                format!(
                    "Block sign-in to the generic mailbox {mailbox}, reset its password and revoke its sessions"
                ),
                Some("a generic mailbox should not sign in with its own credential".to_string()),
                vec![
                    format!(
                        "Update-MgUser -UserId {} -AccountEnabled:$false",
                        quote(&mailbox)
                    ),
                    format!(
                        "Update-MgUser -UserId {} -PasswordProfile @{{ ForceChangePasswordNextSignIn = $true; Password = '<a new password>' }}",
                        quote(&mailbox)
                    ),
                    format!("Revoke-MgUserSignInSession -UserId {}", quote(&mailbox)),
                ],
            )
        }
        Action::RotateApplication(node) => {
            let application = id(node);
            (
                format!("Remove every secret and certificate of the application {application}"),
                Some("tokens already issued stay valid until they expire (about an hour); add new credentials only once the owners are reviewed".to_string()),
                vec![
                    find_application(&application),
                    "$app.PasswordCredentials | ForEach-Object { Remove-MgApplicationPassword -ApplicationId $app.Id -KeyId $_.KeyId }".to_string(),
                    "Update-MgApplication -ApplicationId $app.Id -KeyCredentials @()".to_string(),
                ],
            )
        }
        Action::RemoveForwarding(i) => {
            let forwarding = &model.forwarding[i];
            let from = labels.record_id("mailbox", &forwarding.from).into_owned();
            let to = match (&forwarding.to, &forwarding.external) {
                (Some(to), _) => labels.record_id("mailbox", to).into_owned(),
                (None, Some(external)) => {
                    labels.record_id("external address", external).into_owned()
                }
                (None, None) => String::new(),
            };
            (
                format!("Remove the forwarding of {from} to {to}"),
                None,
                vec![format!(
                    "Set-Mailbox -Identity {} -ForwardingSmtpAddress $null -ForwardingAddress $null -DeliverToMailboxAndForward $false",
                    quote(&from)
                )],
            )
        }
        Action::RemoveInboxRule(i) => {
            let rule = &model.inbox_rules[i];
            let mailbox = labels.record_id("mailbox", &rule.mailbox).into_owned();
            let name = labels.record_id("rule", &rule.name).into_owned();
            let to = match (&rule.to, &rule.external) {
                (Some(to), _) => labels.record_id("mailbox", to).into_owned(),
                (None, Some(external)) => {
                    labels.record_id("external address", external).into_owned()
                }
                (None, None) => String::new(),
            };
            (
                format!(
                    "Remove the inbox rule {name} of {mailbox} ({} to {to}{})",
                    rule.action.as_str(),
                    if rule.hidden { ", hidden" } else { "" }
                ),
                None,
                vec![format!(
                    "Get-InboxRule -Mailbox {} -IncludeHidden | Where-Object {{ $_.Name -eq {} }} | Remove-InboxRule -Confirm:$false",
                    quote(&mailbox),
                    quote(&name)
                )],
            )
        }
        Action::DisableMailFlowRule(i) => {
            let rule = &model.mail_flow_rules[i];
            let name = labels.record_id("rule", &rule.name).into_owned();
            (
                format!(
                    "Disable the mail-flow rule {name} ({})",
                    rule.action.as_str()
                ),
                None,
                vec![format!(
                    "Disable-TransportRule -Identity {} -Confirm:$false",
                    quote(&name)
                )],
            )
        }
        Action::ReviewGrant(i) => {
            let grant = &model.grants[i];
            let holder = graph
                .principal(&grant.to)
                .map_or_else(|| labels.record_id("account", &grant.to).into_owned(), id);
            let on = labels.record_id("mailbox", &grant.on).into_owned();
            let command = match &grant.right {
                Right::FullAccess => format!(
                    "Remove-MailboxPermission -Identity {} -User {} -AccessRights FullAccess -InheritanceType All -Confirm:$false",
                    quote(&on),
                    quote(&holder)
                ),
                Right::SendAs => format!(
                    "Remove-RecipientPermission -Identity {} -Trustee {} -AccessRights SendAs -Confirm:$false",
                    quote(&on),
                    quote(&holder)
                ),
                Right::SendOnBehalf => format!(
                    "Set-Mailbox -Identity {} -GrantSendOnBehalfTo @{{ Remove = {} }}",
                    quote(&on),
                    quote(&holder)
                ),
                Right::Folder { folder, .. } => format!(
                    "Remove-MailboxFolderPermission -Identity {} -User {} -Confirm:$false",
                    quote(&format!("{on}:\\{folder}")),
                    quote(&holder)
                ),
            };
            (
                format!("Review {}'s {} on {on}", holder, grant.right.label()),
                None,
                vec![command],
            )
        }
        Action::ReviewMembership { member, group } => {
            let (member, group) = (id(member), id(group));
            (
                format!("Review the membership of {member} in {group}"),
                None,
                vec![format!(
                    "Remove-DistributionGroupMember -Identity {} -Member {} -Confirm:$false",
                    quote(&group),
                    quote(&member)
                )],
            )
        }
        Action::ReviewRecovery(i) => {
            let recovery = &model.recovery[i];
            let account = labels.record_id("account", &recovery.account).into_owned();
            let mailbox = labels.record_id("mailbox", &recovery.mailbox).into_owned();
            (
                format!("Review where the password resets of {account} go ({mailbox})"),
                None,
                vec![format!(
                    "Get-MgUserAuthenticationEmailMethod -UserId {}",
                    quote(&account)
                )],
            )
        }
        Action::ReviewApplicationOwner { owner, application } => {
            let owner = id(owner);
            let application = labels
                .record_id("application", &model.applications[application].id)
                .into_owned();
            (
                format!("Review {owner} as an owner of the application {application}"),
                None,
                vec![
                    find_application(&application),
                    format!(
                        "Remove-MgApplicationOwnerByRef -ApplicationId $app.Id -DirectoryObjectId (Get-MgUser -UserId {}).Id",
                        quote(&owner)
                    ),
                ],
            )
        }
        Action::ReviewApplicationPermission(i) => {
            let permission = &model.application_permissions[i];
            let application = labels
                .record_id("application", &permission.application)
                .into_owned();
            (
                format!(
                    "Review the permission {} of the application {application}, or restrict it to the mailboxes it needs",
                    permission.permission
                ),
                None,
                vec![format!(
                    "New-ApplicationAccessPolicy -AppId {} -PolicyScopeGroupId '<a group of the mailboxes it needs>' -AccessRight RestrictAccess",
                    quote(&application)
                )],
            )
        }
        Action::ReviewAdminRole(i) => {
            let role = &model.admin_roles[i];
            let holder = graph.principal(&role.holder).map_or_else(
                || labels.record_id("account", &role.holder).into_owned(),
                id,
            );
            (
                format!("Review the admin role {} held by {holder}", role.name),
                Some(
                    "an Entra ID role (Global Administrator) is removed in Entra ID instead"
                        .to_string(),
                ),
                vec![format!(
                    "Get-ManagementRoleAssignment -Role {} -RoleAssignee {} | Remove-ManagementRoleAssignment -Confirm:$false",
                    quote(&role.name),
                    quote(&holder)
                )],
            )
        }
    };
    Shown {
        section: step.action.section(),
        title,
        reason: step.reason.as_str(),
        note,
        commands,
    }
}

fn heading(incident: Option<&Incident>, steps: usize) -> String {
    match incident {
        Some(incident) => format!(
            "Containment of incident {} ({}): {}",
            incident.name,
            incident.date,
            super::count(steps as u64, "step", "steps")
        ),
        None => format!(
            "Containment: {}",
            super::count(steps as u64, "step", "steps")
        ),
    }
}

/// The checklist for a terminal: sections, numbered steps, commands.
pub fn table(
    checklist: &Checklist,
    incident: Option<&Incident>,
    labels: &Labels<'_>,
    colour: bool,
) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        Style::Bold.paint(&escape(&heading(incident, checklist.steps.len())), colour)
    );
    let mut section = None;
    for (number, step) in checklist.steps.iter().enumerate() {
        let shown = show(step, labels);
        if section != Some(shown.section) {
            section = Some(shown.section);
            let _ = writeln!(
                out,
                "\n{}",
                Style::Bold.paint(shown.section.title(), colour)
            );
        }
        let _ = writeln!(
            out,
            "{:>3}. {} [{}]",
            number + 1,
            escape(&shown.title),
            shown.reason
        );
        if let Some(note) = &shown.note {
            let _ = writeln!(out, "     note: {}", escape(note));
        }
        for command in &shown.commands {
            let _ = writeln!(out, "     PS> {}", escape(command));
        }
    }
    for &node in &checklist.disabled {
        let _ = writeln!(
            out,
            "\n{}: disabled, no access while disabled; reset its password before enabling it again",
            escape(&labels.id(node))
        );
    }
    out
}

/// The checklist as JSON.
pub fn json(checklist: &Checklist, incident: Option<&Incident>, labels: &Labels<'_>) -> String {
    let steps: Vec<Value> = checklist
        .steps
        .iter()
        .enumerate()
        .map(|(number, step)| {
            let shown = show(step, labels);
            json!({
                "number": number + 1,
                "section": shown.section.as_str(),
                "title": shown.title,
                "reason": shown.reason,
                "note": shown.note,
                "commands": shown.commands,
            })
        })
        .collect();
    to_text(&json!({
        "schema": "mailgraph/contain/v1",
        "incident": incident.map(|i| json!({"name": i.name, "date": i.date})),
        "steps": steps,
        "disabled": checklist.disabled.iter().map(|&n| labels.id(n)).collect::<Vec<_>>(),
    }))
}

/// The checklist as CSV: one row per command of each step (a step without
/// a command has one row with the `command` cell empty), then a row per
/// disabled credential (section `disabled`).
pub fn csv(checklist: &Checklist, labels: &Labels<'_>) -> String {
    let mut csv = Csv::new(&["step", "section", "title", "reason", "note", "command"]);
    for (number, step) in checklist.steps.iter().enumerate() {
        let shown = show(step, labels);
        let number = (number + 1).to_string();
        let note = shown.note.as_deref().unwrap_or("");
        let commands: Vec<&str> = if shown.commands.is_empty() {
            vec![""]
        } else {
            shown.commands.iter().map(String::as_str).collect()
        };
        for command in commands {
            csv.row([
                number.as_str(),
                shown.section.as_str(),
                &shown.title,
                shown.reason,
                note,
                command,
            ]);
        }
    }
    for &node in &checklist.disabled {
        csv.row([
            "",
            "disabled",
            &labels.id(node),
            "disabled: no access while disabled; reset its password before enabling it again",
            "",
            "",
        ]);
    }
    csv.finish()
}

/// The checklist as Markdown: a task list per section, each command in a
/// fenced block longer than any backtick run it holds.
pub fn markdown(checklist: &Checklist, incident: Option<&Incident>, labels: &Labels<'_>) -> String {
    let md = |text: &str| markdown::escape(&escape(text));
    let mut out = format!("# {}\n", md(&heading(incident, checklist.steps.len())));
    let mut section = None;
    for (number, step) in checklist.steps.iter().enumerate() {
        let shown = show(step, labels);
        if section != Some(shown.section) {
            section = Some(shown.section);
            let _ = write!(out, "\n## {}\n\n", shown.section.title());
        }
        let _ = writeln!(
            out,
            "- [ ] {}\\. {} ({})",
            number + 1,
            md(&shown.title),
            shown.reason
        );
        if let Some(note) = &shown.note {
            let _ = writeln!(out, "\n  {}", md(note));
        }
        for command in &shown.commands {
            let command = escape(command);
            let longest = command.split(|c| c != '`').map(str::len).max().unwrap_or(0);
            let fence = "`".repeat(longest.max(2) + 1);
            let _ = write!(out, "\n  {fence}powershell\n  {command}\n  {fence}\n");
        }
        out.push('\n');
    }
    for &node in &checklist.disabled {
        let _ = writeln!(
            out,
            "{}: disabled, no access while disabled; reset its password before enabling it again\n",
            md(&labels.id(node))
        );
    }
    out
}
