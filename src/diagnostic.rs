//! Located problems in a site's files: path, line, column, what is wrong and what would be valid.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use miette::{LabeledSpan, MietteDiagnostic, NamedSource};

/// How bad a problem is: errors fail the build, warnings are only reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

/// One problem at one place in one file.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file, relative to the site root.
    pub path: PathBuf,
    /// 1-based line and column (column in characters); both 0 for a problem with the
    /// whole file, which names no line.
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub help: Option<String>,
    source: Option<(Arc<str>, usize, usize)>,
}

impl Diagnostic {
    /// A problem at a byte range of a file whose text we have.
    pub fn at(
        source: &SourceFile,
        range: std::ops::Range<usize>,
        message: impl Into<String>,
    ) -> Self {
        let start = floor_char_boundary(&source.text, range.start.min(source.text.len()));
        let end = floor_char_boundary(&source.text, range.end.clamp(start, source.text.len()));
        let (line, column) = source.line_column(start);
        Diagnostic {
            severity: Severity::Error,
            path: source.path.clone(),
            line,
            column,
            message: message.into(),
            help: None,
            source: Some((source.text.clone(), start, end - start)),
        }
    }

    /// A problem at what a parsed value was written as, found by searching the
    /// file for `needles` in turn (each after the previous one), e.g. a role's
    /// title and then its end date. Parsed front matter keeps no positions, and
    /// a value's own text is the most precise place to show.
    pub fn near(source: &SourceFile, needles: &[&str], message: impl Into<String>) -> Self {
        let mut range = 0..0;
        for needle in needles.iter().filter(|n| !n.is_empty()) {
            if let Some(i) = source.text[range.end..].find(needle) {
                range = range.end + i..range.end + i + needle.len();
            }
        }
        Diagnostic::at(source, range, message)
    }

    /// A problem with a whole file (it cannot be read, it is not text, ...).
    pub fn file(path: &Path, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.to_path_buf(),
            line: 0,
            column: 0,
            message: message.into(),
            help: None,
            source: None,
        }
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Sorts by file, then position, so reports read in order.
    pub fn sort(diagnostics: &mut [Diagnostic]) {
        diagnostics.sort_by(|a, b| {
            (&a.path, a.line, a.column, &a.message).cmp(&(&b.path, b.line, b.column, &b.message))
        });
    }
}

/// How many problems of one file a report shows in full.
pub const MAX_SHOWN_PER_FILE: usize = 20;

/// The problems to show: at most [`MAX_SHOWN_PER_FILE`] of each file, the rest of it said
/// in one line. Showing one means reading its file up to it, and thousands of broken links
/// in one file took `folio check` minutes to show; more than a screenful of alike problems
/// is one mistake made many times anyway.
pub fn capped(diagnostics: &[Diagnostic]) -> Vec<Diagnostic> {
    // Per file: how many there are, and whether one past the cap is an error.
    let mut files: HashMap<&Path, (usize, bool)> = HashMap::new();
    for d in diagnostics {
        let (count, error) = files.entry(&d.path).or_default();
        *count += 1;
        *error |= *count > MAX_SHOWN_PER_FILE && d.is_error();
    }
    let mut seen: HashMap<&Path, usize> = HashMap::new();
    let mut shown = Vec::new();
    for d in diagnostics {
        let n = seen.entry(&d.path).or_default();
        *n += 1;
        if *n <= MAX_SHOWN_PER_FILE {
            shown.push(d.clone());
        } else if *n == MAX_SHOWN_PER_FILE + 1 {
            let (count, error) = files[d.path.as_path()];
            let more = Diagnostic::file(
                &d.path,
                format!(
                    "{} more problems in this file are not shown",
                    count - MAX_SHOWN_PER_FILE
                ),
            )
            .help("fix the ones above and run again: many alike are often one mistake repeated");
            shown.push(if error { more } else { more.warning() });
        }
    }
    shown
}

impl Diagnostic {
    /// Whether the problem is at a line of its file, not with the file as a whole.
    pub fn has_line(&self) -> bool {
        self.line > 0
    }

    /// Where the problem is, as `path:line:column`, or the path alone for a whole file (as
    /// rustc and compilers do: a `:1:1` would point at a line that has nothing wrong).
    fn place(&self, path: impl fmt::Display) -> String {
        match self.has_line() {
            true => format!("{path}:{}:{}", self.line, self.column),
            false => path.to_string(),
        }
    }

    /// Where the problem is, for a line of text (the dev server's overlay).
    pub fn location(&self) -> String {
        self.place(self.path.display())
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location(), self.message)
    }
}

impl std::error::Error for Diagnostic {}

impl Diagnostic {
    /// A miette report: the source line with the file's path as its heading
    /// when the text is known, else the path, line and message in one line. Whatever comes
    /// from the site's files is made visible first: an escape sequence in a file name or a
    /// value must not colour, move or rewrite the user's terminal.
    pub fn report(&self) -> miette::Report {
        let severity = match self.severity {
            Severity::Warning => miette::Severity::Warning,
            Severity::Error => miette::Severity::Error,
        };
        let help = self.help.as_deref().map(|h| visible(h).into_owned());
        let shown = self
            .source
            .as_ref()
            .filter(|(text, offset, len)| !too_long_to_show(text, *offset, *len));
        let Some((text, offset, len)) = shown else {
            let line = format!(
                "{}: {}",
                self.place(visible_path(&self.path)),
                visible(&self.message)
            );
            let mut plain = MietteDiagnostic::new(line).with_severity(severity);
            if let Some(help) = help {
                plain = plain.with_help(help);
            }
            return miette::Report::new(plain);
        };
        let (text, offset, len) = visible_spanned(text, *offset, *len);
        let mut located = MietteDiagnostic::new(visible(&self.message).into_owned())
            .with_severity(severity)
            .with_label(LabeledSpan::new(Some("here".into()), offset, len));
        if let Some(help) = help {
            located = located.with_help(help);
        }
        miette::Report::new(located)
            .with_source_code(NamedSource::new(visible_path(&self.path), text))
    }
}

/// The most of a file a report shows: the lines of the span with one line either side,
/// as miette does. Past it (a 4 MB one-line footnote, a span over thousands of lines), the
/// report names the file, line and column without the lines themselves.
const MAX_SHOWN: usize = 4096;

fn too_long_to_show(text: &str, offset: usize, len: usize) -> bool {
    let end = offset.saturating_add(len).min(text.len());
    let before = text.get(..offset.min(text.len())).unwrap_or("");
    let after = text.get(end..).unwrap_or("");
    // Back to the start of the line before the span's, on to the end of the line after.
    let from = before.rmatch_indices('\n').nth(1).map_or(0, |(i, _)| i + 1);
    let to = after
        .match_indices('\n')
        .nth(1)
        .map_or(text.len(), |(i, _)| end + i);
    to.saturating_sub(from) > MAX_SHOWN
}

/// A character a terminal would obey or hide rather than show: C0 and C1 controls (not
/// tab or line ends) and the bidirectional overrides that reorder what is shown.
fn hidden(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// How a hidden character is shown: its control picture (␛ for ESC), or �.
fn shown(c: char) -> char {
    match c as u32 {
        code @ 0..=0x1F => char::from_u32(0x2400 + code).unwrap_or('\u{FFFD}'),
        0x7F => '\u{2421}',
        _ => '\u{FFFD}',
    }
}

/// A file's path as a report's heading shows it: [`visible`], and its line breaks shown too
/// (`␊`), so that a folder named `x\n::error::...` cannot start a line of its own, which
/// GitHub Actions would run as a workflow command.
fn visible_path(path: &Path) -> String {
    visible(&path.to_string_lossy())
        .chars()
        .map(|c| match c {
            '\n' | '\r' => shown(c),
            '\u{85}' | '\u{2028}' | '\u{2029}' => '\u{FFFD}',
            c => c,
        })
        .collect()
}

/// A report as printed on GitHub Actions, whose runner obeys a line that starts with `::`
/// and a `##[` anywhere in a line as workflow commands (annotations, `add-mask`,
/// `stop-commands`): a word joiner (U+2060, invisible) goes between the characters, so a
/// line of a contributor's file that the report quotes is shown, never obeyed.
pub fn inert_for_github(report: &str) -> String {
    report
        .lines()
        .map(|line| {
            let line = line.replace("##[", "##\u{2060}[");
            match line.trim_start().starts_with("::") {
                true => line.replacen("::", ":\u{2060}:", 1),
                false => line,
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `text` with every hidden character shown.
pub fn visible(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(hidden) {
        return text.into();
    }
    text.chars()
        .map(|c| if hidden(c) { shown(c) } else { c })
        .collect::<String>()
        .into()
}

/// [`visible`] of a file's text, with a byte span in it moved to where it now is.
fn visible_spanned(text: &str, offset: usize, len: usize) -> (String, usize, usize) {
    if !text.chars().any(hidden) {
        return (text.to_string(), offset, len);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let (mut start, mut end) = (offset, offset + len);
    let mut moved = |at: usize, old: usize, new: usize| {
        if offset > at {
            start = start + new - old;
        }
        if offset + len > at {
            end = end + new - old;
        }
    };
    for (i, c) in text.char_indices() {
        if hidden(c) {
            let r = shown(c);
            moved(i, c.len_utf8(), r.len_utf8());
            out.push(r);
        } else {
            out.push(c);
        }
    }
    (out, start, end - start)
}

/// A file's text with the path it is reported under.
#[derive(Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: Arc<str>,
    /// [`SourceFile::print`], once asked for.
    print: std::sync::OnceLock<u64>,
    /// Where each line starts, once a problem is located in the file: a file with tens of
    /// thousands of problems was counted from its start for each one (a sixth hostile
    /// tester's 4 MB profile took minutes).
    lines: std::sync::OnceLock<Vec<usize>>,
}

impl fmt::Debug for SourceFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Not the fingerprint: whether it was asked for yet says nothing about the file.
        f.debug_struct("SourceFile")
            .field("path", &self.path)
            .field("text", &self.text)
            .finish()
    }
}

impl SourceFile {
    pub fn new(path: impl Into<PathBuf>, text: impl Into<Arc<str>>) -> SourceFile {
        SourceFile {
            path: path.into(),
            text: text.into(),
            print: std::sync::OnceLock::new(),
            lines: std::sync::OnceLock::new(),
        }
    }

    /// 1-based line and character column of a byte offset (a column counts characters),
    /// found in the file's index of lines.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let text = &*self.text;
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let starts = self.lines.get_or_init(|| {
            std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        });
        // The starts at or before the offset: the last of them is its line's.
        let line = starts.partition_point(|&start| start <= offset);
        let start = starts[line - 1];
        (line, text[start..offset].chars().count() + 1)
    }

    /// A fingerprint of the text, made once: the dev server compares every profile's on
    /// every rebuild, and many profiles show the same employer and talk files.
    pub fn print(&self) -> u64 {
        *self.print.get_or_init(|| {
            use std::hash::BuildHasher;
            foldhash::quality::FixedState::with_seed(0x0066_6f6c_696f).hash_one(&*self.text)
        })
    }
}

/// The byte offset where a 1-based line starts (the end of the text if it has fewer lines).
pub fn line_offset(text: &str, line: usize) -> usize {
    if line <= 1 {
        return 0;
    }
    text.match_indices('\n')
        .nth(line - 2)
        .map_or(text.len(), |(i, _)| i + 1)
}

pub(crate) fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while index > 0 && !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

#[cfg(test)]
mod tests {

    /// Line and column counted from the start of the text: what the index must agree with.
    fn line_column(text: &str, offset: usize) -> (usize, usize) {
        let before = &text[..floor_char_boundary(text, offset.min(text.len()))];
        let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        (line, before[line_start..].chars().count() + 1)
    }
    use super::*;

    #[test]
    fn each_file_shows_its_first_problems_and_counts_the_rest() {
        let a = SourceFile::new("a.md", "x\n".repeat(100));
        let mut all: Vec<Diagnostic> = (0..30)
            .map(|i| Diagnostic::at(&a, i * 2..i * 2 + 1, "bad"))
            .collect();
        all.push(Diagnostic::file(Path::new("b.md"), "unreadable"));
        // Past the cap only warnings: the line that counts them is a warning too.
        all.extend((0..25).map(|_| Diagnostic::file(Path::new("c.md"), "odd").warning()));
        let shown = capped(&all);
        let lines: Vec<String> = shown.iter().map(|d| d.to_string()).collect();
        assert_eq!(shown.len(), 20 + 1 + 1 + 20 + 1, "{lines:#?}");
        assert_eq!(lines[19], "a.md:20:1: bad");
        assert_eq!(
            lines[20],
            "a.md: 10 more problems in this file are not shown"
        );
        assert!(shown[20].is_error());
        assert_eq!(lines[21], "b.md: unreadable");
        assert_eq!(
            lines[42],
            "c.md: 5 more problems in this file are not shown"
        );
        assert!(!shown[42].is_error());
        assert_eq!(capped(&all[..20]).len(), 20);
    }

    #[test]
    fn line_column_counts_characters_not_bytes() {
        let text = "a\nzoë = 1\n";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 2), (2, 1));
        // The byte after "ë" (two bytes) is column 4.
        assert_eq!(line_column(text, 6), (2, 4));
    }

    #[test]
    fn a_report_cannot_start_a_workflow_command() {
        let source = SourceFile::new(
            "content/people/q\n::error title=x::forged/index.md",
            "+++\nbad = \"##[warning]forged\"\n+++\n",
        );
        let d = Diagnostic::at(&source, 4..9, "unknown field `bad`");
        let shown = inert_for_github(&format!("{:?}", d.report()));
        for line in shown.lines() {
            assert!(!line.trim_start().starts_with("::"), "{shown}");
            assert!(!line.contains("##["), "{shown}");
        }
        assert!(shown.contains("q␊:"), "{shown}");
        assert!(shown.contains("##\u{2060}[warning]forged"), "{shown}");
        let plain = format!("{:?}", Diagnostic::file(&source.path, "x").report());
        assert!(
            !plain.lines().any(|l| l.trim_start().starts_with("::")),
            "{plain}"
        );
    }

    #[test]
    fn a_files_index_of_lines_locates_as_counting_does() {
        let text = "a\nzoë = 1\n\n\r\nlast";
        let file = SourceFile::new("f.md", text);
        for offset in 0..=text.len() + 2 {
            assert_eq!(
                file.line_column(offset),
                line_column(text, offset),
                "{offset}"
            );
        }
    }

    // A profile named `\x1b[32mBuilt.md` must not print a fake green "Built" line.
    #[test]
    fn a_report_shows_its_lines_unless_they_are_megabytes_long() {
        let short = SourceFile::new("a.md", "+++\nname = 1\n+++\nBody.\n");
        let shown = format!("{:?}", Diagnostic::at(&short, 11..12, "bad").report());
        assert!(
            shown.contains("name = 1") && shown.contains("a.md:2:8"),
            "{shown}"
        );

        let long = format!(
            "+++\nname = \"A\"\n+++\nBody[^1].\n\n[^1]: {}\n",
            "x".repeat(1 << 20)
        );
        let long = SourceFile::new("b.md", long.as_str());
        let at = long.text.find("[^1]:").unwrap();
        let shown = format!("{:?}", Diagnostic::at(&long, at..at + 4, "bad").report());
        assert!(shown.len() < 1000, "{} bytes", shown.len());
        assert!(shown.contains("b.md:6:1: bad"), "{shown}");
        // A span over a thousand lines is not shown whole either.
        let many = "line\n".repeat(2000);
        let many = SourceFile::new("c.md", many.as_str());
        let shown = format!("{:?}", Diagnostic::at(&many, 5..9000, "bad").report());
        assert!(shown.len() < 1000, "{} bytes", shown.len());
    }

    #[test]
    fn reports_show_escape_sequences_instead_of_obeying_them() {
        let source = SourceFile::new(
            "content/people/\u{1b}[2K\u{1b}[32mBuilt.md",
            "+++\nname = \"\u{1b}[31mA\u{202E}da\"\n+++\n",
        );
        let d = Diagnostic::near(&source, &["Ada", "da"], "bad \u{1b}[1mname").help("\u{9b}31m");
        let shown = format!("{:?}", d.report());
        assert!(
            !shown.contains('\u{1b}') && !shown.contains('\u{9b}'),
            "{shown}"
        );
        assert!(!shown.contains('\u{202E}'), "{shown}");
        assert!(shown.contains("␛[32mBuilt.md"), "{shown}");
        assert!(shown.contains("bad ␛[1mname"), "{shown}");
        let plain = format!("{:?}", Diagnostic::file(&source.path, "x\u{7}").report());
        assert!(plain.contains("␛[2K") && plain.contains("x␇"), "{plain}");
    }

    #[test]
    fn line_offset_finds_line_starts() {
        let text = "one\ntwo\nthree";
        assert_eq!(line_offset(text, 1), 0);
        assert_eq!(line_offset(text, 3), 8);
        assert_eq!(line_offset(text, 9), text.len());
    }
}
