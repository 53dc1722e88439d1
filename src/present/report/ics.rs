//! The report as an iCalendar file (RFC 5545, written by the `icalendar` crate): one all-day
//! event per open item with a due date and one per phase target date, for Outlook and Google
//! Calendar. Each event's UID is derived from the engagement's name and the item or phase id,
//! so importing a newer report updates the events instead of duplicating them; DTSTAMP is the
//! report's time, so the same journal and time give the same file.

use chrono::{DateTime, Datelike, Days, NaiveDate, Utc};
use icalendar::{Calendar, Component, EventLike, Property};

use super::{ReportView, title};
use crate::present::{clean_doc, clean_line};

/// A stable UID: a name-based (v5) UUID of the engagement and the event's subject.
fn uid(v: &ReportView, kind: &str, id: &str) -> String {
    let name = v.name.as_deref().unwrap_or("");
    let key = format!("ftrack\n{name}\n{kind}\n{id}");
    format!(
        "{}@ftrack",
        uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_OID, key.as_bytes())
    )
}

/// A day an iCalendar DATE can hold (a year of four digits) and the day after it (DTEND);
/// None for a date outside that (a hand-made journal line), which is left out of the calendar.
fn calendar_day(text: Option<&str>) -> Option<(NaiveDate, NaiveDate)> {
    let day = NaiveDate::parse_from_str(text?, "%Y-%m-%d").ok()?;
    let next = day.checked_add_days(Days::new(1))?;
    (1..=9999).contains(&next.year()).then_some((day, next))
}

fn all_day(
    v: &ReportView,
    stamp: DateTime<Utc>,
    uid: String,
    (day, next): (NaiveDate, NaiveDate),
    summary: &str,
    description: &str,
) -> icalendar::Event {
    icalendar::Event::new()
        .uid(&uid)
        .timestamp(stamp)
        .summary(&clean_doc(summary))
        .description(&clean_doc(description))
        .starts(day)
        // DTEND is exclusive: an all-day event ends the next day.
        .ends(next)
        .add_property("CATEGORIES", "ftrack")
        .add_property("TRANSP", "TRANSPARENT")
        .add_property(
            "X-FTRACK-ENGAGEMENT",
            clean_doc(v.name.as_deref().unwrap_or("")),
        )
        .done()
}

pub fn render(v: &ReportView) -> String {
    let stamp = DateTime::parse_from_rfc3339(&v.generated_at)
        .map_or(DateTime::UNIX_EPOCH, |t| t.with_timezone(&Utc));
    let prefix = v
        .name
        .as_deref()
        .map(|n| format!("[{n}] "))
        .unwrap_or_default();
    let mut cal = Calendar::empty();
    cal.append_property(Property::new("VERSION", "2.0"));
    cal.append_property(Property::new("PRODID", "-//ftrack//onboarding report//EN"));
    cal.append_property(Property::new("CALSCALE", "GREGORIAN"));
    cal.append_property(Property::new("METHOD", "PUBLISH"));
    // One line, whatever the engagement name holds: a raw line break in a property value would
    // start new properties (a whole forged event) in the calendar file.
    cal.append_property(Property::new("NAME", clean_line(&title(v)).as_ref()));
    // Outlook and Google Calendar name an imported calendar by this older property.
    cal.append_property(Property::new(
        "X-WR-CALNAME",
        clean_line(&title(v)).as_ref(),
    ));
    for p in &v.phases {
        if let Some(day) = calendar_day(p.target.as_deref()) {
            cal.push(all_day(
                v,
                stamp,
                uid(v, "phase", &p.phase),
                day,
                &format!("{prefix}Target: {} signed off", p.phase),
                &format!(
                    "Phase {}: {}; gate {}.",
                    p.phase,
                    super::counts(&p.progress),
                    p.gate
                ),
            ));
        }
        for i in p
            .items
            .iter()
            .filter(|i| i.status == crate::model::state::Status::Outstanding)
        {
            let Some(day) = calendar_day(i.due.as_deref()) else {
                continue;
            };
            let owner = i.owner.as_deref().unwrap_or("nobody yet");
            cal.push(all_day(
                v,
                stamp,
                uid(v, "item", &i.id),
                day,
                &format!("{prefix}Due: {}", i.title),
                &format!(
                    "{} ({}, {}). Owner: {owner}.",
                    i.id,
                    p.phase,
                    if i.required { "required" } else { "optional" }
                ),
            ));
        }
    }
    cal.done().to_string()
}
