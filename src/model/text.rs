//! Characters that make text lie, and the catalog YAML ftrack writes with them escaped.

use std::borrow::Cow;

use serde::Serialize;

/// A character that must not reach a reader raw, because it can make text lie: control
/// characters (C0, DEL and C1; escape sequences start with one), bidirectional marks and
/// overrides (which reorder what is shown), zero-width characters (which hide text or make two
/// ids look alike), line and paragraph separators, and Unicode tag characters (invisible).
/// The one definition: the sanitiser of everything shown (`present`) and the YAML writer
/// below both ask it.
pub fn is_deceptive(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{061C}' | '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}'
            | '\u{2060}'..='\u{2069}' | '\u{FEFF}' | '\u{E0000}'..='\u{E007F}')
}

/// What a sanitised text may keep raw.
#[derive(Debug, Clone, Copy)]
pub struct Keep {
    pub newline: bool,
    pub tab: bool,
}

/// The one sanitiser (`present::clean`, `clean_line` and `clean_doc` are its three uses for
/// what is shown; the catalog YAML's header comment uses it too): every deceptive character shown visibly as `\u{202e}` (`\n`, `\r`,
/// `\t` for those), except what `keep` allows. A CRLF line end counts as a newline.
pub fn sanitize(s: &str, keep: Keep) -> Cow<'_, str> {
    let raw_ok = |c: char| (c == '\n' && keep.newline) || (c == '\t' && keep.tab);
    if !s.chars().any(|c| is_deceptive(c) && !raw_ok(c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && keep.newline && chars.peek() == Some(&'\n') {
            continue;
        }
        if is_deceptive(c) && !raw_ok(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// YAML for `value` (a catalog), in which every string holding a deceptive character (other
/// than a line break or a tab) is written double-quoted with that character escaped
/// (`"\u202E"`): the file reads back to the same text, and neither a terminal nor an editor
/// shows it reordered or hidden.
///
/// The emitter writes such characters raw and cannot be told a scalar's style, so each such
/// string is first replaced by a plain placeholder word, unique to this call, and the word is
/// then replaced by the escaped scalar.
pub fn to_yaml<T: Serialize>(value: &T) -> anyhow::Result<String> {
    let mut tree = serde_yaml::to_value(value)?;
    let nonce = format!("ftrackesc{}", uuid::Uuid::new_v4().simple());
    let mut quoted = Vec::new();
    hide(&mut tree, &nonce, &mut quoted);
    let mut yaml = serde_yaml::to_string(&tree)?;
    // From the last: `…n12x` is replaced before `…n1x` could be looked for in it (and the `x`
    // ends every word anyway).
    for (n, text) in quoted.iter().enumerate().rev() {
        yaml = yaml.replacen(&format!("{nonce}n{n}x"), text, 1);
    }
    Ok(yaml)
}

fn hide(v: &mut serde_yaml::Value, nonce: &str, quoted: &mut Vec<String>) {
    match v {
        serde_yaml::Value::String(s)
            if s.chars().any(|c| is_deceptive(c) && c != '\n' && c != '\t') =>
        {
            quoted.push(double_quoted(s));
            *s = format!("{nonce}n{}x", quoted.len() - 1);
        }
        serde_yaml::Value::Sequence(items) => {
            items.iter_mut().for_each(|i| hide(i, nonce, quoted));
        }
        serde_yaml::Value::Mapping(map) => {
            map.iter_mut().for_each(|(_, i)| hide(i, nonce, quoted));
        }
        serde_yaml::Value::Tagged(t) => hide(&mut t.value, nonce, quoted),
        _ => {}
    }
}

/// A YAML double-quoted scalar: `"`, `\` and every deceptive character escaped.
fn double_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if is_deceptive(c) && u32::from(c) > 0xFFFF => {
                out.push_str(&format!("\\U{:08X}", u32::from(c)));
            }
            c if is_deceptive(c) => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deceptive_strings_are_escaped_and_read_back_exactly() {
        let texts = [
            "plain",
            "right\u{202E}left",
            "zero\u{200B}width\u{FEFF} and \u{2066}isolate\u{2069}",
            "tag\u{E0041} and \"quotes\" and \\ back",
            "esc\u{1b}[31m and\nnew line\tand tab",
            "line\u{2028}separator",
        ];
        let value: Vec<&str> = texts.to_vec();
        let yaml = to_yaml(&value).unwrap();
        assert!(
            !yaml.chars().any(|c| is_deceptive(c) && c != '\n'),
            "{yaml:?}"
        );
        assert!(yaml.contains(r#""right\u202Eleft""#), "{yaml}");
        assert!(yaml.contains(r"\U000E0041"), "{yaml}");
        let back: Vec<String> = serde_yaml::from_str(&yaml).unwrap();
        assert_eq!(back, texts);
    }
}
