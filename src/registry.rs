//! The one table of every diagnostic code redress can emit. A test walks it to make sure each
//! code has documentation, a fixture and snapshots; `redress explain` reads it.

use crate::check;
use crate::diagnostic::{codes, Code};

pub fn all() -> Vec<&'static Code> {
    let mut v: Vec<&'static Code> = vec![
        &codes::PARSE_SYNTAX,
        &codes::PARSE_EMPTY,
        &codes::PARSE_NOT_UTF8,
        &codes::PARSE_BINARY,
        &codes::PARSE_TOO_LARGE,
        &codes::PARSE_TOO_COMPLEX,
        &codes::LOWER_UNKNOWN_WORD,
        &codes::LOWER_INVALID_VALUE,
        &codes::LOWER_DUPLICATE_SETTING,
        &codes::LOWER_CONTRADICTORY,
    ];
    v.extend(check::CHECKS.iter().map(|c| c.code));
    v
}

/// Look a code up by its full name or its last part (`unknown_stage`).
pub fn find(name: &str) -> Option<&'static Code> {
    all()
        .into_iter()
        .find(|c| c.name == name || c.name.rsplit("::").next() == Some(name))
}
