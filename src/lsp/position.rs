//! Positions as the protocol counts them. redress's spans are byte offsets into UTF-8 text; the
//! Language Server Protocol counts a position as a line and a character offset in UTF-16 code
//! units (a `£` is one unit and two bytes, an emoji two units and four bytes). This is the one
//! place the two meet: every span the server sends and every position it receives goes through
//! a [`LineIndex`].
//!
//! Lines end at `\n`; a `\r` before it belongs to the line ending, so a position past the end of
//! a line's text is clamped to the end of that text.

use lsp_types::{Position, Range};

use crate::span::Span;

/// The line starts of one text, for converting in both directions.
#[derive(Clone, Debug)]
pub struct LineIndex {
    /// Byte offsets where lines start; the first is 0.
    starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex {
            starts,
            len: text.len(),
        }
    }

    /// The text of line `line` without its line ending ("" past the last line).
    fn line_text<'t>(&self, text: &'t str, line: usize) -> (usize, &'t str) {
        let Some(&start) = self.starts.get(line) else {
            return (self.len, "");
        };
        let end = self.starts.get(line + 1).copied().unwrap_or(self.len);
        let raw = text.get(start..end).unwrap_or("");
        let content = raw.strip_suffix('\n').unwrap_or(raw);
        let content = content.strip_suffix('\r').unwrap_or(content);
        (start, content)
    }

    /// The protocol position of a byte offset. An offset inside a character counts as the
    /// start of that character; one past the end of the text, as the end.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = offset.min(self.len);
        let line = self.starts.partition_point(|&s| s <= offset).max(1) - 1;
        let (start, content) = self.line_text(text, line);
        let character: usize = content
            .char_indices()
            .take_while(|(i, c)| start + i + c.len_utf8() <= offset)
            .map(|(_, c)| c.len_utf16())
            .sum();
        Position {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            character: u32::try_from(character).unwrap_or(u32::MAX),
        }
    }

    /// The byte offset of a protocol position. A line past the last is the end of the text; a
    /// character past the end of its line is the end of the line's text; a character in the
    /// middle of a surrogate pair is the start of that character.
    pub fn offset(&self, text: &str, pos: Position) -> usize {
        let line = usize::try_from(pos.line).unwrap_or(usize::MAX);
        if line >= self.starts.len() {
            return self.len;
        }
        let (start, content) = self.line_text(text, line);
        let want = usize::try_from(pos.character).unwrap_or(usize::MAX);
        let mut units = 0;
        for (i, c) in content.char_indices() {
            if units + c.len_utf16() > want {
                return start + i;
            }
            units += c.len_utf16();
        }
        start + content.len()
    }

    pub fn range(&self, text: &str, span: Span) -> Range {
        Range {
            start: self.position(text, span.offset),
            end: self.position(text, span.end()),
        }
    }

    pub fn span(&self, text: &str, range: Range) -> Span {
        Span::new(self.offset(text, range.start), self.offset(text, range.end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(line: u32, character: u32) -> Position {
        Position { line, character }
    }

    #[test]
    fn ascii_positions_are_byte_columns() {
        let text = "policy \"x\" {\n  track general\n}\n";
        let ix = LineIndex::new(text);
        assert_eq!(ix.position(text, 0), pos(0, 0));
        assert_eq!(ix.position(text, 8), pos(0, 8));
        let general = text.find("general").unwrap_or(0);
        assert_eq!(ix.position(text, general), pos(1, 8));
        assert_eq!(ix.offset(text, pos(1, 8)), general);
        // The end of the text is on the empty last line.
        assert_eq!(ix.position(text, text.len()), pos(3, 0));
    }

    #[test]
    fn pound_sign_is_two_bytes_one_unit() {
        // "£" is U+00A3: two bytes in UTF-8, one UTF-16 unit.
        let text = "cost \"£5\" tow";
        let ix = LineIndex::new(text);
        let tow = text.find("tow").unwrap_or(0);
        assert_eq!(tow, 11);
        assert_eq!(ix.position(text, tow), pos(0, 10));
        assert_eq!(ix.offset(text, pos(0, 10)), tow);
    }

    #[test]
    fn curly_apostrophe_is_three_bytes_one_unit() {
        // "’" is U+2019: three bytes in UTF-8, one UTF-16 unit.
        let text = "x\n\"council’s\" tow\n";
        let ix = LineIndex::new(text);
        let tow = text.find("tow").unwrap_or(0);
        assert_eq!(ix.position(text, tow), pos(1, 12));
        assert_eq!(ix.offset(text, pos(1, 12)), tow);
    }

    #[test]
    fn emoji_is_four_bytes_two_units() {
        // "📞" is U+1F4DE: four bytes in UTF-8, a surrogate pair (two units) in UTF-16.
        let text = "\"📞\" tow";
        let ix = LineIndex::new(text);
        let tow = text.find("tow").unwrap_or(0);
        assert_eq!(tow, 7);
        assert_eq!(ix.position(text, tow), pos(0, 5));
        assert_eq!(ix.offset(text, pos(0, 5)), tow);
        // The middle of the surrogate pair is the start of the emoji.
        assert_eq!(ix.offset(text, pos(0, 2)), 1);
        // An offset inside the emoji's bytes is the start of the emoji.
        assert_eq!(ix.position(text, 3), pos(0, 1));
    }

    #[test]
    fn all_three_on_one_line_round_trip() {
        let text = "a £ b ’ c 📞 d\n";
        let ix = LineIndex::new(text);
        for (i, _) in text.char_indices() {
            let p = ix.position(text, i);
            assert_eq!(ix.offset(text, p), i, "offset {i} via {p:?}");
        }
        let d = text.find('d').unwrap_or(0);
        // a, space, £, space, b, space, ’, space, c, space, 📞 (2), space: 13 units.
        assert_eq!(ix.position(text, d), pos(0, 13));
    }

    #[test]
    fn out_of_range_positions_are_clamped() {
        let text = "ab\r\ncd";
        let ix = LineIndex::new(text);
        // Past the end of line 0's text: before the "\r\n".
        assert_eq!(ix.offset(text, pos(0, 99)), 2);
        // Past the last line: the end of the text.
        assert_eq!(ix.offset(text, pos(9, 0)), text.len());
        assert_eq!(ix.position(text, 999), pos(1, 2));
    }

    #[test]
    fn spans_and_ranges_convert_both_ways() {
        let text = "£\n’📞x\n";
        let ix = LineIndex::new(text);
        let x = text.find('x').unwrap_or(0);
        let span = Span::new(x, x + 1);
        let range = ix.range(text, span);
        assert_eq!(range.start, pos(1, 3));
        assert_eq!(range.end, pos(1, 4));
        assert_eq!(ix.span(text, range), span);
    }
}
