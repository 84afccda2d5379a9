//! Fenced code highlighted by syntect into a few short CSS classes (as Hugo's Chroma
//! does), within bounds that a hostile block cannot stall; and `syntax.css`, those
//! classes' colours taken from the chosen syntect themes.

use super::*;
use syntect::highlighting::{Color, FontStyle, Highlighter, Style, Theme, ThemeSet};
use syntect::parsing::{BasicScopeStackOp, ParseState, Scope, ScopeStack};
use syntect::util::LinesWithEndings;

/// Backtracking steps one regex search of a grammar may take before it counts as no
/// match. Some grammars backtrack for tens of milliseconds on a single crafted line (50
/// `<!--` in Makefile code: 33 ms a line, 45 s for a block); bounded, such a line takes
/// about a millisecond. A count, not a clock: the same files always give the same pages,
/// however busy the machine. Ordinary code never comes near it.
const REGEX_RETRY_LIMIT: std::ffi::c_ulong = 100_000;

pub(super) fn limit_regex_backtracking() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // SAFETY: sets a global of Oniguruma's that each search reads when it starts; set
        // once, before this process's first search (syntect searches only from Markdown).
        let status = unsafe { onig_sys::onig_set_retry_limit_in_search(REGEX_RETRY_LIMIT) };
        debug_assert_eq!(status, 0, "Oniguruma built without retry limits");
    });
}

/// Code blocks past these sizes are shown plain: a hostile or accidental input must not
/// stall a build. A limit on time instead would make the output depend on how busy the
/// machine is: the same files must always give the same site.
const MAX_HIGHLIGHTED_BYTES: usize = 256 * 1024;

const MAX_HIGHLIGHTED_LINE: usize = 2_000;

/// The class on a highlighted block's `<pre>`; the token classes below apply only
/// inside it (`.hl-code .k`), so their short names cannot meet the theme's own CSS.
const CODE_CLASS: &str = "hl-code";

/// The token classes, Chroma's names for the same kinds of token: each with the
/// scope stack whose colours a syntect theme gives it in `syntax.css`, and the
/// scopes (prefixes, TextMate-style) that make a token one. A theme's finer
/// distinctions (Solarized's coloured brackets) are given up for one short class a
/// token: punctuation, meta scopes and `invalid` have none, so quotes and comment
/// marks take the colour of their string or comment.
const TOKEN_CLASSES: &[(&str, &str, &[&str])] = &[
    ("c", "comment", &["comment", "meta.diff.header"]),
    ("cp", "meta.preprocessor", &["meta.preprocessor"]),
    ("s", "string", &["string"]),
    ("sr", "string.regexp", &["string.regexp"]),
    (
        "se",
        "constant.character.escape",
        &["constant.character.escape"],
    ),
    ("ss", "constant.other.symbol", &["constant.other.symbol"]),
    ("m", "constant.numeric", &["constant.numeric"]),
    ("kc", "constant.language", &["constant.language"]),
    (
        "no",
        "constant.other",
        &[
            "constant",
            "variable.other.constant",
            "support.constant",
            "entity.name.constant",
        ],
    ),
    ("k", "keyword", &["keyword"]),
    ("o", "keyword.operator.assignment", &["keyword.operator"]),
    (
        "kn",
        "keyword.control.import",
        &["keyword.control.import", "keyword.other.import"],
    ),
    ("kd", "storage", &["storage"]),
    ("kt", "storage.type", &["storage.type"]),
    (
        "nf",
        "entity.name.function",
        &["entity.name.function", "variable.function"],
    ),
    ("nb", "support.function", &["support.function"]),
    (
        "nc",
        "entity.name.class",
        &[
            "entity.name.class",
            "entity.name.type",
            "entity.name.struct",
            "entity.name.enum",
            "entity.name.union",
            "entity.name.trait",
            "entity.name.interface",
            "entity.other.inherited-class",
            "support.class",
            "support.type",
        ],
    ),
    ("nx", "entity.name", &["entity.name"]),
    ("nt", "entity.name.tag", &["entity.name.tag"]),
    (
        "na",
        "entity.other.attribute-name",
        &["entity.other.attribute-name"],
    ),
    ("nv", "variable", &["variable"]),
    ("bp", "variable.language", &["variable.language"]),
    (
        "gh",
        "text.html.markdown markup.heading.1.markdown entity.name.section.markdown",
        &["markup.heading", "entity.name.section"],
    ),
    (
        "gu",
        "source.diff meta.diff.range.unified",
        &["meta.diff.range"],
    ),
    (
        "gi",
        "source.diff markup.inserted.diff",
        &["markup.inserted"],
    ),
    ("gd", "source.diff markup.deleted.diff", &["markup.deleted"]),
    (
        "ge",
        "text.html.markdown markup.italic.markdown",
        &["markup.italic"],
    ),
    (
        "gs",
        "text.html.markdown markup.bold.markdown",
        &["markup.bold"],
    ),
];

/// Which token class a scope stack makes: the innermost scope that maps to one wins,
/// by its longest matching prefix (`keyword.operator.x` is `o`, `keyword.control` `k`).
pub(super) struct TokenClasses {
    /// Every (scope prefix, class), the longest prefixes first.
    prefixes: Vec<(Scope, &'static str)>,
}

impl TokenClasses {
    pub(super) fn new() -> TokenClasses {
        let mut prefixes: Vec<(Scope, &'static str)> = TOKEN_CLASSES
            .iter()
            .flat_map(|&(class, _, scopes)| {
                scopes
                    .iter()
                    .map(move |s| (Scope::new(s).expect("a valid scope"), class))
            })
            .collect();
        prefixes.sort_by_key(|(scope, _)| std::cmp::Reverse(scope.len()));
        TokenClasses { prefixes }
    }

    /// The class of one scope, by its longest prefix in the table.
    fn of_scope(&self, scope: Scope) -> Option<&'static str> {
        self.prefixes
            .iter()
            .find(|(prefix, _)| prefix.is_prefix_of(scope))
            .map(|&(_, class)| class)
    }

    #[cfg(test)]
    fn of(&self, stack: &[Scope]) -> Option<&'static str> {
        stack.iter().rev().find_map(|&scope| self.of_scope(scope))
    }
}

/// A scope stack's classes as the parser changes it: for each depth, the class of the
/// innermost scope so far that has one. Each push looks its scope up once per block,
/// instead of every token searching the table for every scope of its stack.
#[derive(Default)]
struct ClassStack {
    classes: Vec<Option<&'static str>>,
    /// The class of each scope met in this block.
    known: HashMap<Scope, Option<&'static str>, foldhash::fast::FixedState>,
}

impl ClassStack {
    fn apply(&mut self, table: &TokenClasses, op: BasicScopeStackOp) {
        match op {
            BasicScopeStackOp::Push(scope) => {
                let own = *self
                    .known
                    .entry(scope)
                    .or_insert_with(|| table.of_scope(scope));
                let class = own.or(self.current());
                self.classes.push(class);
            }
            BasicScopeStackOp::Pop => {
                self.classes.pop();
            }
        }
    }

    fn current(&self) -> Option<&'static str> {
        self.classes.last().copied().flatten()
    }
}

/// Highlighted HTML being written: one flat span per run of tokens of one class,
/// none for tokens without a class. Spaces between two tokens of one class go inside
/// their span: the stylesheet only colours text, so they look the same either way.
#[derive(Default)]
struct Spans {
    html: String,
    /// The class of the span left open.
    open: Option<&'static str>,
    /// Spaces and tabs after the open span, written once the next token shows
    /// whether they join it.
    gap: String,
}

impl Spans {
    fn push(&mut self, class: Option<&'static str>, text: &str) {
        if text.is_empty() {
            return;
        }
        match class {
            Some(class) if self.open == Some(class) => {
                self.html.push_str(&self.gap);
                self.gap.clear();
            }
            Some(class) => {
                self.close();
                self.html.push_str("<span class=\"");
                self.html.push_str(class);
                self.html.push_str("\">");
                self.open = Some(class);
            }
            None if self.open.is_some() && text.bytes().all(|b| b == b' ' || b == b'\t') => {
                self.gap.push_str(text);
                return;
            }
            None => self.close(),
        }
        pulldown_cmark_escape::escape_html_body_text(&mut self.html, text).ok();
    }

    fn close(&mut self) {
        if self.open.take().is_some() {
            self.html.push_str("</span>");
        }
        self.html.push_str(&self.gap);
        self.gap.clear();
    }

    fn finish(mut self) -> String {
        self.close();
        self.html
    }
}

/// The stylesheet for highlighted code: a light theme, and a dark one under
/// prefers-color-scheme. Each token class gets the style the theme gives its scope
/// stack, its colour darkened or lightened where needed to reach a contrast of 4.5:1
/// (WCAG AA) on the theme's background, as the theme's own text colour is.
pub fn syntax_css(light: &str, dark: &str) -> Result<String, String> {
    let themes = ThemeSet::load_defaults();
    let theme = |name: &str| {
        themes.themes.get(name).ok_or_else(|| {
            let mut names: Vec<&str> = themes.themes.keys().map(String::as_str).collect();
            names.sort();
            format!(
                "unknown highlight theme \"{name}\": valid themes are {}",
                names.join(", ")
            )
        })
    };
    let light = ThemeStyles::new(theme(light)?);
    let dark = ThemeStyles::new(theme(dark)?);
    let mut css =
        String::from("/* Code highlighting, generated by folio from syntect themes. */\n");
    light.write_css(&dark, &mut css);
    css.push_str("@media (prefers-color-scheme: dark) {\n");
    dark.write_css(&light, &mut css);
    css.push_str("}\n");
    Ok(css)
}

/// A theme's styles for the code block and for each token class.
struct ThemeStyles {
    default: Style,
    classes: Vec<(&'static str, Style)>,
}

/// The least contrast text of a class may have on its background (WCAG AA, normal text).
const MIN_CONTRAST: f64 = 4.5;

impl ThemeStyles {
    fn new(theme: &Theme) -> ThemeStyles {
        let highlighter = Highlighter::new(theme);
        let default = highlighter.get_default();
        let default = Style {
            foreground: readable(default.foreground, default.background),
            ..default
        };
        let classes = TOKEN_CLASSES
            .iter()
            .map(|&(class, stack, _)| {
                let stack: ScopeStack = stack.parse().expect("a valid scope stack");
                let style = highlighter.style_for_stack(stack.as_slice());
                let background = over(style.background, default.background);
                let style = Style {
                    foreground: readable(over(style.foreground, background), background),
                    background,
                    font_style: style.font_style,
                };
                (class, style)
            })
            .collect();
        ThemeStyles { default, classes }
    }

    /// This theme's rules. Every property either theme sets for a class is written in
    /// both, so that the dark rules replace the light ones rather than add to them.
    fn write_css(&self, other: &ThemeStyles, css: &mut String) {
        use std::fmt::Write as _;
        let d = &self.default;
        writeln!(
            css,
            ".{CODE_CLASS} {{ color: {}; background: {}; }}",
            hex(d.foreground),
            hex(d.background)
        )
        .ok();
        for (&(class, style), &(_, theirs)) in self.classes.iter().zip(&other.classes) {
            let plain = |s: &Style, d: &Style| {
                (
                    s.foreground == d.foreground,
                    s.background == d.background,
                    s.font_style,
                )
            };
            let mine = plain(&style, d);
            let other_plain = plain(&theirs, &other.default);
            let mut rule = String::new();
            if !(mine.0 && other_plain.0) {
                let color = if mine.0 {
                    "inherit".into()
                } else {
                    hex(style.foreground)
                };
                write!(rule, " color: {color};").ok();
            }
            if !(mine.1 && other_plain.1) {
                let background = if mine.1 {
                    "none".into()
                } else {
                    hex(style.background)
                };
                write!(rule, " background: {background};").ok();
            }
            for (flag, property, on, off) in [
                (FontStyle::BOLD, "font-weight", "bold", "normal"),
                (FontStyle::ITALIC, "font-style", "italic", "normal"),
                (FontStyle::UNDERLINE, "text-decoration", "underline", "none"),
            ] {
                if mine.2.contains(flag) || other_plain.2.contains(flag) {
                    let value = if mine.2.contains(flag) { on } else { off };
                    write!(rule, " {property}: {value};").ok();
                }
            }
            if !rule.is_empty() {
                writeln!(css, ".{CODE_CLASS} .{class} {{{rule} }}").ok();
            }
        }
    }
}

/// `color` as it shows over `background` (themes may give colours some transparency).
fn over(color: Color, background: Color) -> Color {
    let a = f64::from(color.a) / 255.0;
    let mix = |c: u8, b: u8| (f64::from(c) * a + f64::from(b) * (1.0 - a)).round() as u8;
    Color {
        r: mix(color.r, background.r),
        g: mix(color.g, background.g),
        b: mix(color.b, background.b),
        a: 255,
    }
}

/// WCAG 2's relative luminance.
fn luminance(c: Color) -> f64 {
    let channel = |v: u8| {
        let v = f64::from(v) / 255.0;
        if v <= 0.03928 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b)
}

fn contrast(a: Color, b: Color) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// `color`, mixed step by step with black on a light background or white on a dark
/// one until it reaches [`MIN_CONTRAST`] on `background`: the theme's hue, readable.
fn readable(color: Color, background: Color) -> Color {
    let toward = if luminance(background) > 0.18 {
        0u8
    } else {
        255
    };
    (0..=64)
        .map(|step| {
            let t = f64::from(step) / 64.0;
            let mix = |c: u8| (f64::from(c) * (1.0 - t) + f64::from(toward) * t).round() as u8;
            Color {
                r: mix(color.r),
                g: mix(color.g),
                b: mix(color.b),
                a: 255,
            }
        })
        .find(|&c| contrast(c, background) >= MIN_CONTRAST)
        .unwrap_or(Color {
            r: toward,
            g: toward,
            b: toward,
            a: 255,
        })
}

fn hex(c: Color) -> String {
    format!("#{:02x}{:02x}{:02x}", c.r, c.g, c.b)
}

impl Markdown {
    /// Highlights a code block into flat spans of token classes, or leaves it plain
    /// when the language is unknown or highlighting would cost too much.
    pub(super) fn highlight(&self, lang: &str, code: &str) -> String {
        let plain = || {
            let mut escaped = String::new();
            pulldown_cmark_escape::escape_html_body_text(&mut escaped, code).ok();
            format!("<pre class=\"code\"><code>{escaped}</code></pre>\n")
        };
        let syntax = (!lang.is_empty())
            .then(|| self.syntaxes.find_syntax_by_token(lang))
            .flatten();
        let Some(syntax) = syntax else {
            return plain();
        };
        // CommonMark ends lines at \r too; syntect only at \n, and some of its
        // grammars backtrack badly on one long line of \r-joined text (found by fuzzing).
        let code_lines = code.replace("\r\n", "\n").replace('\r', "\n");
        if code_lines.len() > MAX_HIGHLIGHTED_BYTES
            || code_lines.lines().any(|l| l.len() > MAX_HIGHLIGHTED_LINE)
        {
            return plain();
        }
        let mut parser = ParseState::new(syntax);
        let mut stack = ScopeStack::new();
        let mut classes = ClassStack::default();
        let mut spans = Spans::default();
        for line in LinesWithEndings::from(&code_lines) {
            let Ok(ops) = parser.parse_line(line, &self.syntaxes) else {
                return plain();
            };
            let mut at = 0;
            for (i, op) in ops {
                if i > at {
                    spans.push(classes.current(), &line[at..i]);
                    at = i;
                }
                let applied =
                    stack.apply_with_hook(&op, |basic, _| classes.apply(&self.classes, basic));
                if applied.is_err() {
                    return plain();
                }
            }
            spans.push(classes.current(), &line[at..]);
        }
        let lang_attr = lang.replace(
            |c: char| !c.is_ascii_alphanumeric() && c != '-' && c != '+',
            "",
        );
        format!(
            "<pre class=\"code {CODE_CLASS}\" data-lang=\"{lang_attr}\"><code>{}</code></pre>\n",
            spans.finish()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(text: &str) -> Result<String, Vec<BadLink>> {
        let mut links = HashMap::new();
        links.insert("people/ada.md".to_string(), "/people/ada/".to_string());
        let md = Markdown::new(super::Html::Trusted);
        md.render(
            text,
            &Context {
                internal_links: &links,
                top_heading: 1,
                reserved_ids: &[],
            },
        )
    }

    #[test]
    fn fenced_code_is_highlighted_with_short_token_classes() {
        let html = render(
            "```rust\n// Say hello.\nfn main() { let n = 42; println!(\"hi {n}\"); }\n```\n",
        )
        .unwrap();
        for token in [
            "<span class=\"c\">// Say hello.\n</span>",
            "<span class=\"kt\">fn</span>",
            "<span class=\"nf\">main</span>",
            "<span class=\"m\">42</span>",
        ] {
            assert!(html.contains(token), "{token} in {html}");
        }
        assert!(
            html.contains("<span class=\"s\">&quot;hi") || html.contains("<span class=\"s\">\"hi"),
            "{html}"
        );
        assert!(
            html.starts_with("<pre class=\"code hl-code\" data-lang=\"rust\"><code>"),
            "{html}"
        );
        assert!(!html.contains("style="), "{html}");
    }

    /// Every `<span ...>` of `html`, checking that none opens inside another.
    fn flat_classes(html: &str) -> Vec<&str> {
        let mut classes = Vec::new();
        let mut rest = html;
        while let Some(at) = rest.find("<span") {
            let open = &rest[at..];
            let class = open["<span class=\"".len()..].split('"').next().unwrap();
            let inner = &open[..open.find("</span>").expect("closed")];
            assert_eq!(inner.matches("<span").count(), 1, "nested: {inner}");
            classes.push(class);
            rest = &open[inner.len()..];
        }
        classes
    }

    #[test]
    fn spans_are_flat_and_named_from_the_fixed_set() {
        let names: Vec<&str> = TOKEN_CLASSES.iter().map(|(c, _, _)| *c).collect();
        for (lang, code) in [
            (
                "rust",
                "#[derive(Debug)]\npub struct A<'a> { s: &'a str }\nimpl A<'_> { fn f(&self) -> u8 { b'x' } }\n",
            ),
            (
                "python",
                "@cache\ndef f(self, x=1.5):\n    \"\"\"Doc.\"\"\"\n    return f\"{x!r}\\n\" if x else None  # no\n",
            ),
            (
                "go",
                "package main\nimport \"fmt\"\nfunc main() { fmt.Println(`raw`, 0x1f) }\n",
            ),
            ("html", "<a href=\"/x\" class=y>&amp; <b>t</b></a>\n"),
            ("yaml", "a: {b: [1, \"two\"], c: true} # c\n"),
            ("sql", "SELECT count(*) FROM t WHERE x = 'y';\n"),
            ("diff", "--- a\n+++ b\n@@ -1 +1 @@\n-old\n+new\n"),
            ("markdown", "# Title\n\n*em* **strong** `code`\n"),
        ] {
            let html = render(&format!("```{lang}\n{code}```\n")).unwrap();
            let classes = flat_classes(&html);
            assert!(classes.len() > 2, "{lang}: {html}");
            for class in classes {
                assert!(names.contains(&class), "{lang}: {class} in {html}");
            }
        }
    }

    #[test]
    fn tokens_of_one_class_and_the_spaces_between_them_share_one_span() {
        let mut spans = Spans::default();
        spans.push(Some("k"), "pub");
        spans.push(None, " ");
        spans.push(Some("k"), "async");
        spans.push(Some("k"), "fn");
        spans.push(None, " ");
        spans.push(Some("nf"), "go");
        spans.push(None, "(");
        spans.push(Some("s"), "\"<a>\"");
        spans.push(None, ")");
        spans.push(None, "  ");
        spans.push(None, "\n");
        assert_eq!(
            spans.finish(),
            "<span class=\"k\">pub asyncfn</span> <span class=\"nf\">go</span>(<span class=\"s\">\"&lt;a&gt;\"</span>)  \n"
        );
        // A line break ends the span, and spaces after the last span are kept.
        let mut spans = Spans::default();
        spans.push(Some("c"), "// a");
        spans.push(None, "\n");
        spans.push(Some("c"), "// b");
        spans.push(None, " ");
        assert_eq!(
            spans.finish(),
            "<span class=\"c\">// a</span>\n<span class=\"c\">// b</span> "
        );
    }

    #[test]
    fn the_innermost_scope_with_a_class_wins_by_its_longest_prefix() {
        let classes = TokenClasses::new();
        let of = |stack: &str| classes.of(stack.parse::<ScopeStack>().unwrap().as_slice());
        assert_eq!(
            of("source.rust keyword.operator.arithmetic.rust"),
            Some("o")
        );
        assert_eq!(of("source.rust keyword.control.rust"), Some("k"));
        assert_eq!(
            of(
                "source.python string.quoted.double.python punctuation.definition.string.begin.python"
            ),
            Some("s")
        );
        assert_eq!(
            of("source.python string.quoted.double.python constant.character.escape.python"),
            Some("se")
        );
        assert_eq!(
            of("source.rust comment.line.double-slash.rust punctuation.definition.comment.rust"),
            Some("c")
        );
        assert_eq!(
            of("source.rust meta.function.rust punctuation.section.block.begin.rust"),
            None
        );
        assert_eq!(of("source.rust"), None);
    }

    #[test]
    fn the_stylesheet_styles_each_class_in_light_and_dark_alike() {
        let css = syntax_css("Solarized (light)", "Solarized (dark)").unwrap();
        let (light, dark) = css
            .split_once("@media (prefers-color-scheme: dark)")
            .unwrap();
        let rules = |part: &str| -> Vec<String> {
            part.lines()
                .filter(|l| l.starts_with(".hl-code"))
                .map(|l| l.split(" {").next().unwrap().to_string())
                .collect()
        };
        assert_eq!(rules(light), rules(dark));
        for class in [
            "c", "s", "m", "k", "kd", "kt", "nf", "nt", "na", "nv", "gi", "gd",
        ] {
            assert!(
                rules(light).contains(&format!(".hl-code .{class}")),
                "{class} in {css}"
            );
        }
        // InspiredGitHub makes keywords bold, base16-ocean.dark does not: the dark rule
        // says so, or the light rule's bold would carry over.
        let css = syntax_css("InspiredGitHub", "base16-ocean.dark").unwrap();
        let (light, dark) = css
            .split_once("@media (prefers-color-scheme: dark)")
            .unwrap();
        assert!(
            light.contains(".hl-code .k { color: #a71d5d; font-weight: bold; }"),
            "{css}"
        );
        assert!(
            dark.contains(".hl-code .k { color: #b48ead; font-weight: normal; }"),
            "{css}"
        );
    }

    #[test]
    fn every_theme_gives_code_a_contrast_of_at_least_4_5() {
        let themes = ThemeSet::load_defaults();
        for (name, theme) in &themes.themes {
            let styles = ThemeStyles::new(theme);
            let d = styles.default;
            assert!(
                contrast(d.foreground, d.background) >= MIN_CONTRAST,
                "{name}"
            );
            for (class, style) in styles.classes {
                let ratio = contrast(style.foreground, style.background);
                assert!(ratio >= MIN_CONTRAST, "{name} .{class}: {ratio}");
            }
        }
        // base16-ocean.light's comments are #a7adba on #eff1f5 (2.0:1).
        let light = syntax_css("base16-ocean.light", "base16-ocean.dark").unwrap();
        assert!(!light.contains("#a7adba"), "{light}");
    }

    #[test]
    fn an_unknown_theme_is_an_error_listing_the_valid_ones() {
        let error = syntax_css("InspiredGitHub", "Nope").unwrap_err();
        assert!(
            error.starts_with("unknown highlight theme \"Nope\": valid themes are InspiredGitHub, Solarized (dark), "),
            "{error}"
        );
    }

    #[test]
    fn token_classes_are_used_by_no_rule_of_the_theme_css() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/theme/css");
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let css = std::fs::read_to_string(&path).unwrap();
            for (class, _, _) in TOKEN_CLASSES {
                let selector = format!(".{class}");
                for (at, _) in css.match_indices(&selector) {
                    let next = css[at + selector.len()..].chars().next();
                    assert!(
                        next.is_some_and(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'),
                        "{} uses {selector}",
                        path.display()
                    );
                }
            }
        }
    }

    // Found by fuzzing: fenced code in the Makefile grammar, its lines joined by
    // bare \r, took 28 s to highlight. Kept in tests/fuzz/regressions/ too.
    #[test]
    fn fuzz_regression_cr_joined_code_does_not_stall_highlighting() {
        let input = include_str!("../../tests/fuzz/regressions/markdown-slow-makefile-cr.md");
        let started = std::time::Instant::now();
        render(input).ok();
        assert!(
            started.elapsed() < std::time::Duration::from_secs(5),
            "{:?}",
            started.elapsed()
        );
    }

    // Fifty `<!--` on a line make the Makefile grammar backtrack for 33 ms a line
    // (release build), 10 s for this block. Bounded by a count, the block takes
    // milliseconds, stays highlighted, and comes out the same every time.
    #[test]
    fn a_grammar_that_backtracks_is_bounded_by_a_count_not_a_clock() {
        let line = "<!--".repeat(50);
        let input = format!("```make\n{}```\n", format!("{line}\n").repeat(300));
        let started = std::time::Instant::now();
        let first = render(&input).unwrap();
        assert!(
            started.elapsed() < std::time::Duration::from_secs(5),
            "{:?}",
            started.elapsed()
        );
        assert!(first.contains("hl-code"), "{first}");
        assert_eq!(render(&input).unwrap(), first);
    }
}
