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
        combined => "`later of ...` or `earlier of ...`",
        window_flag | kw_discretion => "`, discretion` or `, lapses`",
        cite | kw_cite => "`cite \"clause\" \"phrase\"`",
        for_track | kw_for => "`for` and a track name",
        when_class | kw_when => "`when` and a case class",
        month => "a month such as 2025-03",
        effective_stmt | kw_effective => "`effective` and a date",
        draft_stmt | kw_draft => "`draft`",
        prefer_stmt | kw_prefer => "`prefer DOCUMENT over DOCUMENT`",
        kw_over => "`over`",
        route_stmt | kw_route => "`route` and its stages, such as `route one, two`",
        class_stmt | kw_class => "a `class` statement",
        unencoded_stmt | kw_unencoded => "`unencoded \"what the source says\"`",
        role_clause | kw_role => "`role` and a stage role such as `stage-1`",
        milestone_stmt | kw_milestone => "`milestone \"what\" within ...`",
        start_here_stmt => "`may start here by agreement`",
        tell_condition => "`if \"condition\"`",
        automatic_stmt | kw_automatic => "`automatic if overdue`",
        kw_overdue => "`overdue`",
        kw_lapses => "`, lapses`",
        source_stmt | kw_source => "`source \"path\"`",
        version_stmt | kw_version => "`version \"...\"`",
        reviewed_stmt | kw_reviewed => "`reviewed` and a date",
        calendar_block | kw_calendar => "a `calendar { ... }` block",
        region_stmt | kw_region => "`region`",
        week_stmt | kw_week => "`week monday to friday`",
        hours_stmt | kw_hours => "`hours 09:00 to 17:00`",
        out_of_hours_stmt | kw_out_of_hours => "`out-of-hours`",
        plain_days_stmt => "`days mean working days`",
        plain_days_unit => "`working days` or `calendar days`",
        closed_stmt | kw_closed => "`closed` and a date",
        track_stmt | kw_track => "a `track` statement",
        ombudsman_clause | kw_ombudsman => "`ombudsman` and its name",
        alias_clause | kw_alias => "`alias` and quoted names such as \"HRA\"",
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
        kw_later | kw_earlier => "`later of ...` or `earlier of ...`",
        kw_of | kw_from => "`of` and a start event",
        kw_occurrence | kw_awareness | kw_or => "`occurrence or awareness`",
        EOI => "the end of the file",
        _ => return None,
    })
}

/// The language's keywords, as written (`out-of-hours`), read from the grammar's `kw_` rules.
fn is_keyword(word: &str) -> bool {
    Rule::all_rules().iter().any(|r| {
        format!("{r:?}")
            .strip_prefix("kw_")
            .is_some_and(|k| k.replace('_', "-") == word)
    })
}

/// Statements that open a block or stand at the top level of a policy; meeting one inside a
/// `stage`, `escalate` or `calendar` block usually means that block's `}` is missing.
const TOP_LEVEL: &[&str] = &[
    "draft",
    "source",
    "version",
    "effective",
    "reviewed",
    "calendar",
    "track",
    "class",
    "route",
    "prefer",
    "accept",
    "exclude",
    "stage",
    "escalate",
    "wait",
];

/// Start events an author writes after a duration; without `of` before them the parser stops.
const EVENT_WORDS: &[&str] = &[
    "receipt",
    "acknowledgement",
    "escalation",
    "occurrence",
    "awareness",
    "final-response",
];

/// Numbers written as words, which the language wants as digits.
const NUMBER_WORDS: &[(&str, u32)] = &[
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("fifteen", 15),
    ("twenty", 20),
    ("twenty-eight", 28),
    ("thirty", 30),
];

/// Whether `found` is a statement of the policy's top level (`stage`, `escalate`, ...) met
/// where only the statements of an inner block may stand: the inner block's `}` is missing.
pub(crate) fn starts_outer_statement(found: &str, expected: &[Rule]) -> bool {
    let inner = [
        Rule::kw_respond,
        Rule::respond_stmt,
        Rule::kw_reasons,
        Rule::reasons_stmt,
        Rule::kw_region,
        Rule::region_stmt,
    ];
    TOP_LEVEL.contains(&found)
        && !expected.contains(&Rule::kw_stage)
        && !expected.contains(&Rule::stage_block)
        && expected.iter().any(|r| inner.contains(r))
}

/// Words an author might reach for that are not the language's; checked against the token the
/// parser stopped at (and the word just before it) to give a targeted help line.
pub(crate) fn targeted_help(found: &str, previous: &str, expected: &[Rule]) -> Option<String> {
    let expects = |rule: Rule| expected.contains(&rule);
    let expects_unit = expected
        .iter()
        .any(|r| matches!(r, Rule::unit | Rule::kw_days | Rule::kw_working));
    let f = found.to_ascii_lowercase();
    let is_number = !found.is_empty() && found.chars().all(|c| c.is_ascii_digit());
    if expects_unit {
        if f.starts_with("business") || f.starts_with("work") || f.starts_with("clear") {
            return Some(format!(
                "redress has no `{found} days`: write `working days` (for example `10 working days`), \
                 and keep the source's own words in a `cite`"
            ));
        }
        if f == "hours" || f == "hour" {
            return Some(
                "timescales are counted in days, weeks or months: write `working days` or \
                 `calendar days` (24 hours is usually `1 working day`)"
                    .into(),
            );
        }
        return Some(
            "a timescale needs a unit: write `working days` or `calendar days` (or `weeks`, `months`); \
             if the source only says \"days\", write `days` and redress will warn that it is ambiguous"
                .into(),
        );
    }
    if expects(Rule::number) {
        if let Some((_, n)) = NUMBER_WORDS.iter().find(|(w, _)| *w == f) {
            return Some(format!(
                "write the number in digits: `{n}` rather than `{found}`"
            ));
        }
    }
    if expects(Rule::name) && found.starts_with(|c: char| c.is_ascii_digit()) {
        return Some(match previous {
            "stage" => format!(
                "a stage's name is a word such as `one` or `two`, not a number: write \
                 `stage one \"Stage {found}\"` and keep the number in the quoted title"
            ),
            "escalate" | "->" => "stages are named with words, not numbers: write the names \
                 their `stage` blocks use, for example `escalate one -> two`"
                .into(),
            _ => "a name is a word starting with a letter, such as `one`, `two` or `housing`, \
                  not a number"
                .into(),
        });
    }
    if previous == "." && expects(Rule::word) {
        return Some(
            "a `.` only joins a stage to its letter, as in `one.response`; statements do not end \
             with a full stop, so remove it"
                .into(),
        );
    }
    if ["in", "inside", "by", "before"].contains(&f.as_str()) && expects(Rule::kw_within) {
        return Some(format!(
            "timescales start with `within`: write `within` instead of `{found}`, for example \
             `respond within 10 working days of receipt`"
        ));
    }
    if is_number && expects(Rule::kw_within) && !expects(Rule::number) {
        return Some(format!(
            "write `within` before the timescale, for example `within {found} working days of receipt`"
        ));
    }
    if found != f && is_keyword(&f) {
        return Some(format!(
            "the language's words are written in lower case: write `{f}` rather than `{found}`"
        ));
    }
    if EVENT_WORDS.contains(&f.as_str()) && expects(Rule::kw_of) {
        return Some(format!(
            "put `of` between the timescale and its start event, for example \
             `10 working days of {f}`"
        ));
    }
    if f == "." || f == ";" {
        return Some(format!(
            "statements do not end with `{found}`: remove it (a new statement simply starts \
             on the next line)"
        ));
    }
    if f == "=" || f == ":" {
        return Some("the language has no `=` or `:`; write the statement as words, for example `region england-and-wales`".into());
    }
    if f.starts_with(['\u{201c}', '\u{201d}', '\u{2018}', '\u{2019}']) {
        return Some(
            "use straight double quotes (\") rather than curly ones (“ ”): word processors \
             turn them curly, so type them again in a plain text editor"
                .into(),
        );
    }
    if f.starts_with('\'') {
        return Some("quote text with double quotes (\"like this\"), not single quotes".into());
    }
    if expects(Rule::string) && expected.len() <= 2 {
        return Some("put the text in double quotes, for example \"Stage 1\"".into());
    }
    None
}

/// The keywords a rule starts with: its own word for a `kw_` rule, the first keyword of a
/// statement or clause otherwise.
fn first_keywords(rule: Rule) -> Vec<String> {
    use Rule::*;
    let fixed: &[&str] = match rule {
        draft_stmt => &["draft"],
        source_stmt => &["source"],
        version_stmt => &["version"],
        effective_stmt => &["effective"],
        reviewed_stmt => &["reviewed"],
        prefer_stmt => &["prefer"],
        calendar_block => &["calendar"],
        region_stmt => &["region"],
        week_stmt => &["week"],
        hours_stmt => &["hours"],
        out_of_hours_stmt => &["out-of-hours"],
        plain_days_stmt => &["days"],
        closed_stmt => &["closed"],
        track_stmt => &["track"],
        ombudsman_clause => &["ombudsman"],
        alias_clause => &["alias"],
        route_stmt => &["route"],
        class_stmt => &["class"],
        unencoded_stmt => &["unencoded"],
        accept_stmt => &["accept"],
        exclude_stmt => &["exclude"],
        refer_clause => &["refer"],
        pause_stmt => &["pause"],
        stage_block => &["stage"],
        role_clause => &["role"],
        acknowledge_stmt => &["acknowledge"],
        respond_stmt => &["respond"],
        milestone_stmt => &["milestone"],
        extend_stmt => &["extend"],
        ext_up_to => &["up"],
        ext_without_limit => &["without"],
        ext_good_reason => &["more"],
        ext_once => &["once"],
        ext_by_agreement => &["by"],
        tell => &["tell"],
        tell_condition => &["if"],
        handler_stmt => &["handler"],
        handler_senior => &["senior"],
        handler_not => &["not"],
        includes_stmt | letter => &["acknowledgement", "response"],
        skippable_stmt | ends_early_stmt | start_here_stmt => &["may"],
        escalate_block => &["escalate"],
        within_stmt | window => &["within"],
        reasons_stmt => &["reasons"],
        refuse_stmt => &["refuse"],
        new_issues_stmt => &["new"],
        automatic_stmt => &["automatic"],
        wait_stmt => &["wait"],
        combined => &["later", "earlier"],
        for_track => &["for"],
        when_class => &["when"],
        cite => &["cite"],
        _ => &[],
    };
    if !fixed.is_empty() {
        return fixed.iter().map(|k| (*k).to_string()).collect();
    }
    format!("{rule:?}")
        .strip_prefix("kw_")
        .map(|k| vec![k.replace('_', "-")])
        .unwrap_or_default()
}

/// The keyword expected here that `found` most likely misspells (`acknowlege`, `cites`,
/// `stge`): the nearest by edit distance, at most one edit in three letters and two in all.
pub(crate) fn keyword_suggestion(found: &str, expected: &[Rule]) -> Option<String> {
    if found.is_empty() || !found.chars().all(|c| c.is_ascii_alphabetic() || c == '-') {
        return None;
    }
    let f = found.to_ascii_lowercase();
    let mut best: Option<(usize, String)> = None;
    for k in expected.iter().flat_map(|r| first_keywords(*r)) {
        let d = strsim::damerau_levenshtein(&f, &k);
        if d == 0 || d > 2 || d * 3 > k.len() {
            continue;
        }
        if best.as_ref().is_none_or(|(bd, bk)| (d, &k) < (*bd, bk)) {
            best = Some((d, k));
        }
    }
    best.map(|(_, k)| k)
}
