//! Turning pest's "expected one of these rules" into the language's own words. This is the one
//! table of rule descriptions; a rule with no description here is never shown to a user.

use super::parser::Rule;

/// How a rule reads in an error message, or `None` for rules that are implementation detail.
pub(crate) fn describe(rule: Rule) -> Option<&'static str> {
    use Rule::*;
    Some(match rule {
        policy | kw_policy => "`policy \"Council name\" { ... }`",
        string | string_inner => "a quoted text such as \"Stage 1\"",
        name => "a name such as `one` or `housing`",
        word => "a word",
        number => "a number",
        date => "a date such as 2024-06-06",
        time => "a time such as 09:00",
        weekday => "a day of the week such as `monday`",
        unit | working_days | calendar_days | plain_days | weeks | calendar_months | months => {
            "a unit (`working days`, `calendar days`, `weeks` or `months`)"
        }
        duration => "a duration such as `10 working days`",
        window | kw_within => "`within` and a timescale",
        span => "a timescale such as `10 working days of receipt`",
        event | stage_event | occurrence_or_awareness => {
            "a start event such as `receipt` or `one.response`"
        }
        combined => "`later of` or `earlier of`",
        window_flag | kw_discretion => "`, discretion`",
        cite | kw_cite => "`cite \"clause\" \"phrase\"`",
        for_track | kw_for => "`for` and a track name",
        source_stmt | kw_source => "`source \"path\"`",
        version_stmt | kw_version => "`version \"...\"`",
        reviewed_stmt | kw_reviewed => "`reviewed` and a date",
        calendar_block | kw_calendar => "a `calendar { ... }` block",
        region_stmt | kw_region => "`region`",
        week_stmt | kw_week => "`week monday to friday`",
        hours_stmt | kw_hours => "`hours 09:00 to 17:00`",
        out_of_hours_stmt | kw_out_of_hours => "`out-of-hours`",
        out_of_hours_rule => "`next-working-day` or `same-day`",
        plain_days_stmt => "`days mean working days`",
        plain_days_unit => "`working days` or `calendar days`",
        closed_stmt | kw_closed => "`closed` and a date",
        track_stmt | kw_track => "a `track` statement",
        ombudsman_clause | kw_ombudsman => "`ombudsman` and its name",
        accept_stmt | kw_accept => "an `accept within ...` statement",
        exclude_stmt | kw_exclude => "an `exclude` statement",
        refer_clause | kw_refer => "`refer \"where to\"`",
        pause_stmt | kw_pause => "a `pause while ...` statement",
        stage_block | kw_stage => "a `stage` block",
        acknowledge_stmt | kw_acknowledge => "`acknowledge within ...`",
        respond_stmt | kw_respond => "`respond within ...`",
        extend_stmt | kw_extend => "`extend ...`",
        ext_up_to | kw_up => "`up to` and a duration",
        ext_without_limit | kw_without => "`without limit`",
        ext_good_reason | kw_more => "`more with good reason`",
        ext_once | kw_once => "`once`",
        ext_by_agreement | kw_by => "`by agreement`",
        tell | kw_tell => "`tell` and what the complainant is told",
        handler_stmt | kw_handler => "a `handler` statement",
        handler_senior | kw_senior => "`senior to` and a stage",
        handler_not | kw_not => "`not` and a stage or `subject`",
        includes_stmt | letter | kw_acknowledgement | kw_response => {
            "`acknowledgement includes ...` or `response includes ...`"
        }
        kw_includes => "`includes`",
        skippable_stmt => "`may be skipped`",
        ends_early_stmt => "`may end here`",
        kw_may => "`may`",
        escalate_block | kw_escalate => "an `escalate one -> two { ... }` block",
        within_stmt => "`within ...`",
        reasons_stmt | kw_reasons => {
            "`reasons required`, `reasons invited` or `reasons not-required`"
        }
        reasons_rule => "`required`, `invited` or `not-required`",
        refuse_stmt | kw_refuse => "`refuse if ...`",
        new_issues_stmt | kw_new => "`new issues start` and a stage",
        wait_stmt | kw_wait => "a `wait ... before ...` statement",
        kw_to => "`to`",
        kw_days | kw_day => "`days`",
        kw_working => "`working`",
        kw_months | kw_month => "`months`",
        kw_weeks => "`weeks`",
        kw_mean => "`mean`",
        kw_while => "`while`",
        kw_limit => "`limit`",
        kw_with => "`with`",
        kw_good => "`good`",
        kw_reason => "`reason`",
        kw_agreement => "`agreement`",
        kw_and => "`and`",
        kw_be => "`be`",
        kw_skipped => "`skipped`",
        kw_end => "`end`",
        kw_here => "`here`",
        kw_if => "`if`",
        kw_issues => "`issues`",
        kw_start => "`start`",
        kw_after => "`after`",
        kw_before => "`before`",
        kw_later | kw_earlier => "`later of` or `earlier of`",
        kw_of | kw_from => "`of` and a start event",
        kw_occurrence | kw_awareness | kw_or => "`occurrence or awareness`",
        EOI => "the end of the file",
        _ => return None,
    })
}

/// Words an author might reach for that are not the language's; checked against the token the
/// parser stopped at, to give a targeted help line.
pub(crate) fn targeted_help(found: &str, expected: &[Rule]) -> Option<String> {
    let expects_unit = expected
        .iter()
        .any(|r| matches!(r, Rule::unit | Rule::kw_days | Rule::kw_working));
    let f = found.to_ascii_lowercase();
    if expects_unit {
        if f.starts_with("business") || f.starts_with("work") {
            return Some("write `working days` (for example `10 working days`)".into());
        }
        return Some(
            "a timescale needs a unit: write `working days` or `calendar days` (or `weeks`, `months`); \
             if the source only says \"days\", write `days` and redress will warn that it is ambiguous"
                .into(),
        );
    }
    if f == "=" || f == ":" {
        return Some("the language has no `=` or `:`; write the statement as words, for example `region england-and-wales`".into());
    }
    if f.starts_with('\u{201c}') || f.starts_with('\u{201d}') || f.starts_with('\'') {
        return Some("quote text with straight double quotes: \"like this\"".into());
    }
    if expected.contains(&Rule::string) && expected.len() <= 2 {
        return Some("put the text in double quotes".into());
    }
    None
}
