//! Plain tables for the terminal: columns fitted to a width by dropping the least useful ones
//! and wrapping text at spaces (textwrap), never breaking an id. One pass over the cells to
//! measure them and one to write them, so a table of 10,000 rows costs little; comfy-table's
//! layout pass per row took most of `list`'s time at that size, and it can neither keep a
//! column whole nor drop one when the width runs out.
//!
//! Without colour the output is plain text with no escape codes, laid out the same at any
//! width given, so that a pipe gets a stable layout.

use std::fmt::Write;

pub use super::paint::Paint;

/// Columns a piece of cleaned text takes: its length when ASCII (the common case, measured
/// for every cell of a 10,000-row list), else its Unicode display width.
fn display_width(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        textwrap::core::display_width(s)
    }
}

/// How a column gives way when the width runs out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fit {
    /// Never narrower than its widest cell (ids, dates, numbers).
    Whole,
    /// Whole, aligned right (numbers).
    Right,
    /// Wrapped at spaces, down to its longest word (titles, names, notes).
    Wrap,
}

#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub header: &'static str,
    pub fit: Fit,
    /// Which columns go first when the width runs out: the lowest `keep`. `KEEP` never goes.
    pub keep: u8,
    /// Which wrapped columns give up width first: the highest `squeeze` (by default `keep`: a
    /// title wraps better than a name).
    pub squeeze: u8,
    /// A wrapped column is not squeezed below this (or its longest word) while another column
    /// can be dropped instead.
    pub min: usize,
}

pub const KEEP: u8 = u8::MAX;

pub fn col(header: &'static str, fit: Fit, keep: u8) -> Column {
    Column {
        header,
        fit,
        keep,
        squeeze: keep,
        min: 10,
    }
}

/// A wrapped column that keeps at least `min` columns while others can go.
pub fn wrap_col(header: &'static str, keep: u8, min: usize) -> Column {
    Column {
        header,
        fit: Fit::Wrap,
        keep,
        squeeze: keep,
        min,
    }
}

#[derive(Debug, Clone, Default)]
pub struct Cell {
    pub text: String,
    pub paint: Paint,
}

impl Cell {
    pub fn new(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            paint: Paint::Plain,
        }
    }

    pub fn paint(mut self, paint: Paint) -> Cell {
        self.paint = paint;
        self
    }
}

#[derive(Clone)]
enum Row {
    Cells(Vec<Cell>, Paint),
    /// A line of its own at the left margin (a phase heading in `list`).
    Heading(String, Paint),
}

pub struct Grid {
    cols: Vec<Column>,
    rows: Vec<Row>,
    /// Spaces before every row of cells.
    pub indent: usize,
    /// Whether the column headers are written first.
    pub header: bool,
}

const GAP: usize = 2;

impl Grid {
    pub fn new(cols: Vec<Column>) -> Grid {
        Grid {
            cols,
            rows: Vec::new(),
            indent: 0,
            header: true,
        }
    }

    pub fn row(&mut self, cells: Vec<Cell>) {
        self.rows.push(Row::Cells(cells, Paint::Plain));
    }

    /// A row whose plain cells all take `paint`.
    pub fn row_painted(&mut self, cells: Vec<Cell>, paint: Paint) {
        self.rows.push(Row::Cells(cells, paint));
    }

    pub fn heading(&mut self, text: impl Into<String>, paint: Paint) {
        self.rows.push(Row::Heading(text.into(), paint));
    }

    fn cells(&self) -> impl Iterator<Item = &Vec<Cell>> {
        self.rows.iter().filter_map(|r| match r {
            Row::Cells(c, _) => Some(c),
            Row::Heading(..) => None,
        })
    }

    /// The columns kept and their widths, for `width` columns of terminal, and whether even
    /// that is too wide without breaking a word.
    fn layout(&self, width: usize) -> (Vec<(usize, usize)>, bool) {
        let n = self.cols.len();
        let mut natural = vec![0usize; n];
        let mut filled = vec![false; n];
        for cells in self.cells() {
            for (i, c) in cells.iter().enumerate().take(n) {
                if !c.text.is_empty() {
                    filled[i] = true;
                    natural[i] = natural[i].max(display_width(&c.text));
                }
            }
        }
        let head = |i: usize| {
            if self.header {
                display_width(self.cols[i].header)
            } else {
                0
            }
        };
        // Columns with nothing in them are left out.
        let mut kept: Vec<usize> = (0..n).filter(|&i| filled[i]).collect();
        for &i in &kept {
            natural[i] = natural[i].max(head(i));
        }
        let total = |kept: &[usize], w: &dyn Fn(usize) -> usize| {
            self.indent
                + kept.iter().map(|&i| w(i)).sum::<usize>()
                + GAP * kept.len().saturating_sub(1)
        };
        if total(&kept, &|i| natural[i]) <= width {
            return (kept.iter().map(|&i| (i, natural[i])).collect(), false);
        }
        // Too wide: the least a column can take without breaking a word.
        let mut least = natural.clone();
        for &i in &kept {
            if self.cols[i].fit == Fit::Wrap {
                let word = self
                    .cells()
                    .filter_map(|c| c.get(i))
                    .flat_map(|c| c.text.split_whitespace())
                    .map(display_width)
                    .max()
                    .unwrap_or(0);
                least[i] = word.max(head(i)).max(natural[i].min(self.cols[i].min));
            }
        }
        while total(&kept, &|i| least[i]) > width {
            let drop = kept
                .iter()
                .enumerate()
                .filter(|(_, i)| self.cols[**i].keep != KEEP)
                .min_by_key(|(pos, i)| (self.cols[**i].keep, usize::MAX - pos))
                .map(|(pos, _)| pos);
            match drop {
                Some(pos) => {
                    kept.remove(pos);
                }
                None => break,
            }
        }
        let overflow = total(&kept, &|i| least[i]) > width;
        // Shrink the wrapped columns towards what they can take, the widest text (the most
        // useful column, a title) first: a title wraps better than a name or a date.
        let mut widths: Vec<usize> = natural.clone();
        let mut excess = total(&kept, &|i| natural[i]).saturating_sub(width);
        let mut wraps: Vec<usize> = kept
            .iter()
            .copied()
            .filter(|&i| self.cols[i].fit == Fit::Wrap)
            .collect();
        wraps.sort_by_key(|&i| std::cmp::Reverse(self.cols[i].squeeze));
        // First down to a comfortable width (twice the minimum), so that one long column does
        // not keep its whole width while another is squeezed; then down to the least.
        for comfortable in [true, false] {
            for &i in &wraps {
                let floor = if comfortable {
                    least[i].max(natural[i].min(2 * self.cols[i].min))
                } else {
                    least[i]
                };
                let give = excess.min(widths[i].saturating_sub(floor));
                widths[i] -= give;
                excess -= give;
            }
        }
        // Still too wide (a word longer than the room left): wrapped columns break words.
        for &i in &wraps {
            let give = excess.min(widths[i].saturating_sub(head(i).max(10)));
            widths[i] -= give;
            excess -= give;
        }
        (kept.iter().map(|&i| (i, widths[i])).collect(), overflow)
    }

    /// The table as text, fitted to `width` columns; colour only when `color`. When even the
    /// narrowest layout is too wide (an id longer than the room beside it), each row's first
    /// cell (its id) goes on a line of its own, whole, and the rest under it.
    pub fn render(&self, width: usize, color: bool) -> String {
        let (layout, overflow) = self.layout(width);
        if overflow && layout.len() > 1 && self.cols[0].fit != Fit::Wrap {
            return self.render_stacked(width, color);
        }
        let mut out = String::new();
        if self.header && !layout.is_empty() {
            let cells: Vec<Cell> = self
                .cols
                .iter()
                .map(|c| Cell::new(c.header).paint(Paint::Bold))
                .collect();
            self.write_row(&mut out, &layout, &cells, Paint::Plain, color);
        }
        let mut first = true;
        for row in &self.rows {
            match row {
                Row::Cells(cells, paint) => {
                    self.write_row(&mut out, &layout, cells, *paint, color);
                }
                Row::Heading(text, paint) => {
                    heading(&mut out, text, *paint, !first || self.header, width, color);
                }
            }
            first = false;
        }
        out
    }

    fn render_stacked(&self, width: usize, color: bool) -> String {
        let rest = Grid {
            cols: self.cols[1..].to_vec(),
            rows: self
                .rows
                .iter()
                .map(|r| match r {
                    Row::Cells(c, p) => Row::Cells(c.get(1..).unwrap_or_default().to_vec(), *p),
                    Row::Heading(..) => r.clone(),
                })
                .collect(),
            indent: self.indent + 4,
            header: false,
        };
        let (layout, _) = rest.layout(width);
        let mut out = String::new();
        for (n, (row, sub)) in self.rows.iter().zip(&rest.rows).enumerate() {
            match (row, sub) {
                (Row::Cells(cells, paint), Row::Cells(others, _)) => {
                    let first = cells.first().cloned().unwrap_or_default();
                    let p = if first.paint == Paint::Plain {
                        *paint
                    } else {
                        first.paint
                    };
                    let _ = writeln!(
                        out,
                        "{}{}",
                        " ".repeat(self.indent),
                        p.apply(&first.text, color)
                    );
                    if others.iter().any(|c| !c.text.is_empty()) {
                        rest.write_row(&mut out, &layout, others, *paint, color);
                    }
                }
                (Row::Heading(text, paint), _) => {
                    heading(&mut out, text, *paint, n > 0, width, color)
                }
                _ => {}
            }
        }
        out
    }

    fn write_row(
        &self,
        out: &mut String,
        layout: &[(usize, usize)],
        cells: &[Cell],
        row_paint: Paint,
        color: bool,
    ) {
        let empty = Cell::default();
        let parts: Vec<(Vec<String>, usize, Fit, Paint)> = layout
            .iter()
            .map(|&(i, w)| {
                let cell = cells.get(i).unwrap_or(&empty);
                let fit = self.cols[i].fit;
                let lines = if fit == Fit::Wrap && display_width(&cell.text) > w {
                    wrap(&cell.text, w)
                } else {
                    vec![cell.text.clone()]
                };
                let paint = if cell.paint == Paint::Plain {
                    row_paint
                } else {
                    cell.paint
                };
                (lines, w, fit, paint)
            })
            .collect();
        let height = parts.iter().map(|p| p.0.len()).max().unwrap_or(1);
        for j in 0..height {
            let mut line = " ".repeat(self.indent);
            for (k, (lines, w, fit, paint)) in parts.iter().enumerate() {
                let text = lines.get(j).map(String::as_str).unwrap_or("");
                let pad = w.saturating_sub(display_width(text));
                if k > 0 {
                    line.push_str(&" ".repeat(GAP));
                }
                if *fit == Fit::Right {
                    line.push_str(&" ".repeat(pad));
                }
                line.push_str(&paint.apply(text, color));
                if *fit != Fit::Right && k + 1 < parts.len() {
                    line.push_str(&" ".repeat(pad));
                }
            }
            let _ = writeln!(out, "{}", line.trim_end());
        }
    }
}

/// A heading line of its own (a blank line before it unless it comes first).
fn heading(out: &mut String, text: &str, paint: Paint, gap: bool, width: usize, color: bool) {
    if gap {
        out.push('\n');
    }
    for line in wrap(text, width) {
        let _ = writeln!(out, "{}", paint.apply(&line, color));
    }
}

/// `text` wrapped at spaces to `width` columns (a word longer than that is broken).
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let options = textwrap::Options::new(width.max(1))
        .break_words(true)
        .word_splitter(textwrap::WordSplitter::NoHyphenation);
    textwrap::wrap(text, options)
        .into_iter()
        .map(|l| l.into_owned())
        .collect()
}

/// `text` after `label`, wrapped to `width` with later lines under the first (a hanging indent).
/// A label too wide to leave 20 columns beside it (a long id) goes on a line of its own, and
/// the text under it, indented by 4.
pub fn hanging(label: &str, text: &str, width: usize) -> String {
    if display_width(label) + 20 > width && !label.trim().is_empty() {
        let mut out = format!("{}\n", label.trim_end());
        out.push_str(&hanging("    ", text, width));
        return out;
    }
    let indent = " ".repeat(display_width(label));
    let room = width.saturating_sub(indent.len()).max(10);
    let mut out = String::new();
    for (n, para) in text.split('\n').enumerate() {
        let lines = if para.is_empty() {
            vec![String::new()]
        } else {
            wrap(para, room)
        };
        for (k, line) in lines.iter().enumerate() {
            let lead = if n == 0 && k == 0 {
                label
            } else {
                indent.as_str()
            };
            let _ = writeln!(out, "{}", format!("{lead}{line}").trim_end());
        }
    }
    out
}

#[cfg(test)]
mod tests;
