//! The YAML front matter of a docs page: title, description and date.

/// The front matter between `---` lines at the very top, and the rest.
pub fn split_front_matter(text: &str) -> (Option<&str>, &str) {
    let Some(rest) = text.strip_prefix("---\n") else {
        return (None, text);
    };
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            return (Some(&rest[..offset]), &rest[offset + line.len()..]);
        }
        offset += line.len();
    }
    (None, text)
}

#[derive(Default)]
pub struct Meta {
    pub title: Option<String>,
    pub description: Option<String>,
    pub date: Option<String>,
    /// `ms.locale`, `locale` or `ms.contentlocale` (`de-de`), when the page says.
    pub locale: Option<String>,
}

/// title, description, date (`ms.date` or `date`) and locale from the front matter. It is read as YAML,
/// or line by line when it is not valid YAML (hand-edited pages often are not).
pub fn front_matter(text: &str) -> Meta {
    let get = |key: &str| -> Option<String> {
        match serde_yaml::from_str::<serde_yaml::Value>(text) {
            Ok(v) => v.get(key).and_then(|v| match v {
                serde_yaml::Value::String(s) => Some(s.clone()),
                serde_yaml::Value::Number(n) => Some(n.to_string()),
                _ => None,
            }),
            Err(_) => text.lines().find_map(|l| {
                let v = l.strip_prefix(key)?.trim_start().strip_prefix(':')?;
                Some(v.trim().trim_matches(|c| c == '"' || c == '\'').to_string())
            }),
        }
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
    };
    Meta {
        title: get("title"),
        description: get("description"),
        date: get("ms.date").or_else(|| get("date")).map(|d| iso_date(&d)),
        locale: ["ms.locale", "locale", "ms.contentlocale"]
            .iter()
            .find_map(|k| get(k)),
    }
}

/// `11/07/2016` (the docs' month/day/year) → `2016-11-07`; anything else as it is.
fn iso_date(d: &str) -> String {
    ["%m/%d/%Y", "%Y-%m-%d", "%m/%d/%y"]
        .iter()
        .find_map(|f| chrono::NaiveDate::parse_from_str(d, f).ok())
        .map_or_else(|| d.to_string(), |d| d.format("%Y-%m-%d").to_string())
}
