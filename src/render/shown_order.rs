//! The order of redacted lists. A query sorts ties by real id (a stable,
//! readable order); a redacted output that kept it would let anyone holding
//! the list of names match pseudonyms to people by position. Under
//! `--redact`, every list is re-sorted here, after the query and before a
//! renderer or a `--top` cut sees it: the answer's own order first (level,
//! blast radius, severity), ties by the pseudonyms shown. Without
//! redaction nothing changes.

use std::cmp::Reverse;

use petgraph::graph::NodeIndex;

use super::Labels;
use crate::audit::{Finding, Report};
use crate::diff::Diff;
use crate::query::rank::RankKey;
use crate::query::{BlastRadius, Exposure, PathAnswer, Reach};

/// Sorts `items` by `key`, then by the labels of `shown` (the nodes an item
/// is shown by, in order) as this output prints them; does nothing unless
/// `labels` are redacted. Stable, so items equal on both keep their order.
pub fn order_as_shown<T, K: Ord>(
    items: &mut [T],
    labels: &Labels<'_>,
    key: impl Fn(&T) -> K,
    shown: impl Fn(&T) -> Vec<NodeIndex>,
) {
    if !labels.is_redacted() {
        return;
    }
    items.sort_by_cached_key(|item| {
        let names: Vec<String> = shown(item)
            .into_iter()
            .map(|node| labels.id(node).into_owned())
            .collect();
        (key(item), names)
    });
}

/// A reach answer in redacted order: credentials (compromised first),
/// mailboxes (strongest level first), users, and data controllers, each
/// by pseudonym; every list of mailbox positions (a controller's, those
/// without a controller) follows its mailboxes to their new places.
pub fn reach(reach: &mut Reach, labels: &Labels<'_>) {
    if !labels.is_redacted() {
        return;
    }
    order_as_shown(
        &mut reach.credentials,
        labels,
        |t| !t.is_compromised(),
        |t| vec![t.node],
    );
    let mut positions: Vec<usize> = (0..reach.mailboxes.len()).collect();
    order_as_shown(
        &mut positions,
        labels,
        |&i| reach.mailboxes[i].level,
        |&i| vec![reach.mailboxes[i].node],
    );
    let mut new_position = vec![0; positions.len()];
    for (new, &old) in positions.iter().enumerate() {
        new_position[old] = new;
    }
    let mut old_mailboxes: Vec<Option<_>> = std::mem::take(&mut reach.mailboxes)
        .into_iter()
        .map(Some)
        .collect();
    reach.mailboxes = positions
        .iter()
        .filter_map(|&old| old_mailboxes[old].take())
        .collect();
    let renumber = |positions: &mut Vec<usize>| {
        for position in positions.iter_mut() {
            *position = new_position[*position];
        }
        positions.sort_unstable();
    };
    for shares in [&mut reach.controllers, &mut reach.impersonation_only] {
        for share in shares.iter_mut() {
            renumber(&mut share.mailboxes);
        }
        shares.sort_by_cached_key(|share| labels.controller(share.controller).into_owned());
    }
    renumber(&mut reach.no_controller);
    order_as_shown(&mut reach.users, labels, |_| (), |u| vec![u.node]);
}

/// A blast radius ranking in redacted order: largest first by `key`, ties
/// by pseudonym (before any `--top` cut, so the cut does not follow real
/// ids).
pub fn rank(radii: &mut [BlastRadius], key: RankKey, labels: &Labels<'_>) {
    order_as_shown(radii, labels, |r| key.order(r), |r| vec![r.credential]);
}

/// An exposure answer in redacted order: level, path length, pseudonym.
pub fn exposure(exposure: &mut Exposure, labels: &Labels<'_>) {
    order_as_shown(
        &mut exposure.credentials,
        labels,
        |e| (e.level, exposure.paths.step(e.step).depth),
        |e| vec![e.node],
    );
}

/// Attack paths in redacted order: by the pseudonyms along each path.
pub fn paths(answer: &mut PathAnswer, labels: &Labels<'_>) {
    order_as_shown(&mut answer.paths, labels, |_| (), |p| p.nodes().collect());
}

/// An audit report in redacted order: findings (and suppressed ones) most
/// severe first, then by rule, then most at stake, then by the pseudonyms
/// of their objects.
pub fn audit(report: &mut Report, labels: &Labels<'_>) {
    // Objects that are not nodes (a deleted account's SID) count by their
    // pseudonyms too, before the nodes', so ties never follow a real id.
    let key = |f: &Finding| {
        let others: Vec<String> = f
            .others
            .iter()
            .map(|other| labels.other_id(other.kind, &other.id))
            .collect();
        (Reverse(f.severity), f.rule.id, Reverse(f.stake()), others)
    };
    order_as_shown(&mut report.findings, labels, key, |f| f.objects.clone());
    order_as_shown(
        &mut report.suppressed,
        labels,
        |(f, _)| key(f),
        |(f, _)| f.objects.clone(),
    );
}

/// A diff in redacted order: records by pseudonymised key, access changes
/// by the pseudonyms of credential and mailbox, blast radius changes and
/// findings by pseudonym (two snapshots share one key, so `old` and `new`
/// show an id alike).
pub fn diff(diff: &mut Diff, old: &Labels<'_>, new: &Labels<'_>) {
    if !new.is_redacted() {
        return;
    }
    let side = |snapshot: crate::diff::Snapshot| match snapshot {
        crate::diff::Snapshot::Old => old,
        crate::diff::Snapshot::New => new,
    };
    let records = &mut diff.records;
    for changes in [
        &mut records.added,
        &mut records.removed,
        &mut records.changed,
    ] {
        changes.sort_by_cached_key(|c| (c.what, new.text_id(c.what, &c.key)));
    }
    diff.exposure.paths.sort_by_cached_key(|change| {
        let labels = side(change.snapshot);
        (
            labels.id(change.path.start).into_owned(),
            labels.id(change.path.end()).into_owned(),
        )
    });
    diff.exposure
        .blast
        .sort_by_cached_key(|change| side(change.snapshot).id(change.credential).into_owned());
    for findings in [&mut diff.new_findings, &mut diff.resolved_findings] {
        findings.sort_by_cached_key(|f| {
            let objects: Vec<String> = f
                .objects
                .iter()
                .zip(&f.object_kinds)
                .map(|(id, kind)| new.text_id(kind, id))
                .collect();
            (f.severity, f.rule, objects)
        });
    }
}
