//! Colour that means something: what a piece of text is (done, overdue, the current phase)
//! decides its colour, and colour is written only when allowed (a terminal without NO_COLOR).

/// What a piece of text means, and so its colour on a terminal that allows colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Paint {
    #[default]
    Plain,
    Bold,
    Green,
    Yellow,
    Red,
    Dim,
    /// The row that matters most on the screen (the current phase).
    Highlight,
}

impl Paint {
    fn style(self) -> anstyle::Style {
        use anstyle::{AnsiColor, Effects, Style};
        let fg = |c: AnsiColor| Style::new().fg_color(Some(c.into()));
        match self {
            Paint::Plain => Style::new(),
            Paint::Bold => Style::new().effects(Effects::BOLD),
            Paint::Green => fg(AnsiColor::Green),
            Paint::Yellow => fg(AnsiColor::Yellow),
            Paint::Red => fg(AnsiColor::Red),
            Paint::Dim => Style::new().effects(Effects::DIMMED),
            Paint::Highlight => fg(AnsiColor::Cyan).effects(Effects::BOLD),
        }
    }

    /// `text` in this paint when `color`, else as it is.
    pub fn apply(self, text: &str, color: bool) -> String {
        if !color || self == Paint::Plain || text.is_empty() {
            return text.to_string();
        }
        let s = self.style();
        format!("{}{text}{}", s.render(), s.render_reset())
    }
}
