//! What the preview adds to pages, in this one place so that templates never know about
//! serving: the live-reload script, and the overlay showing the last build's errors.

use std::fmt::Write as _;

use miette::{GraphicalReportHandler, GraphicalTheme};

use crate::diagnostic::Diagnostic;

/// Where the reload script is served, and where it connects.
pub(crate) const SCRIPT_PATH: &str = "/__folio/live.js";
pub(crate) const SOCKET_PATH: &str = "/__folio/live";
pub(crate) const SCRIPT: &str = include_str!("live.js");

/// The page with the overlay (if the last build failed) and the reload script added before
/// `</body>`, or at the end when there is none.
pub(crate) fn into_page(page: &[u8], overlay: Option<&str>, version: &str) -> Vec<u8> {
    let mut added = String::new();
    if let Some(overlay) = overlay {
        added.push_str(overlay);
    }
    let _ = write!(
        added,
        r#"<script src="{SCRIPT_PATH}" data-version="{}"></script>"#,
        escape(version)
    );
    let at = rfind_ignoring_case(page, b"</body>").unwrap_or(page.len());
    [&page[..at], added.as_bytes(), &page[at..]].concat()
}

/// The page served while there is no good build yet; the overlay is added to it like to any page.
pub(crate) const NO_SITE_YET: &str = "<!doctype html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>folio: the site does not build</title></head>\n<body><p>The site has not built yet: fix the error and save, and this page reloads.</p></body>\n</html>\n";

/// The error overlay for a failed build: every error with its file, line and message, and the
/// same report the terminal shows. Everything from the site is escaped.
pub(crate) fn overlay(error: &crate::Error) -> String {
    let mut items = String::new();
    let count = match error {
        crate::Error::Content(diagnostics) => {
            let errors: Vec<Diagnostic> = diagnostics
                .iter()
                .filter(|d| d.is_error())
                .cloned()
                .collect();
            for d in &crate::diagnostic::capped(&errors) {
                let location = d.location();
                item(&mut items, Some(&location), &d.message, &plain_report(d));
            }
            errors.len()
        }
        other => {
            item(&mut items, None, &other.to_string(), "");
            1
        }
    };
    let title = if count == 1 {
        "The site does not build: 1 error".to_string()
    } else {
        format!("The site does not build: {count} errors")
    };
    format!(
        r#"{OVERLAY_STYLE}<div id="folio-error" role="alert" aria-labelledby="folio-error-title"><div class="folio-error-box"><h2 id="folio-error-title">{title}</h2><p class="folio-error-note">What is under this is the last good build. Fix the error and save: this page reloads by itself.</p>{items}<button type="button" onclick="this.closest('#folio-error').remove()">Hide</button></div></div>"#
    )
}

fn item(out: &mut String, location: Option<&str>, message: &str, report: &str) {
    out.push_str(r#"<section class="folio-error-item">"#);
    if let Some(location) = location {
        let _ = write!(
            out,
            r#"<p class="folio-error-where">{}</p>"#,
            escape(location)
        );
    }
    let _ = write!(
        out,
        r#"<p class="folio-error-message">{}</p>"#,
        escape(message)
    );
    if !report.is_empty() {
        let _ = write!(out, "<pre>{}</pre>", escape(report));
    }
    out.push_str("</section>");
}

/// miette's report without colours or terminal links: the snippet of the file with the
/// offending place marked, and the help line.
fn plain_report(diagnostic: &Diagnostic) -> String {
    let mut text = String::new();
    let handler = GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor())
        .with_links(false)
        .with_width(100);
    match handler.render_report(&mut text, &*diagnostic.report()) {
        Ok(()) => text,
        Err(_) => diagnostic.to_string(),
    }
}

/// Scoped to the overlay and marked important, so the site's own styles cannot reach into it.
const OVERLAY_STYLE: &str = "<style>\
#folio-error{position:fixed!important;inset:0!important;z-index:2147483647!important;overflow:auto!important;\
background:rgba(24,24,27,.92)!important;color:#f4f4f5!important;padding:2rem 1rem!important;margin:0!important;\
font:15px/1.5 system-ui,sans-serif!important;text-align:left!important}\
#folio-error .folio-error-box{max-width:60rem;margin:0 auto;background:#27272a;border-top:4px solid #f87171;\
padding:1.25rem 1.5rem;border-radius:6px;box-shadow:0 10px 30px rgba(0,0,0,.4)}\
#folio-error h2{color:#fca5a5;font-size:1.25rem;margin:0 0 .5rem}\
#folio-error p{margin:.25rem 0;color:#f4f4f5}\
#folio-error .folio-error-note{color:#d4d4d8}\
#folio-error .folio-error-item{margin:1rem 0;border-top:1px solid #3f3f46;padding-top:.75rem}\
#folio-error .folio-error-where{font-family:ui-monospace,monospace;color:#fde68a;font-weight:600}\
#folio-error pre{white-space:pre-wrap;overflow-wrap:anywhere;font:13px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;\
background:#18181b;color:#e4e4e7;padding:.75rem;border-radius:4px;margin:.5rem 0 0}\
#folio-error button{font:inherit;margin-top:.5rem;padding:.25rem .75rem;background:#3f3f46;color:#f4f4f5;\
border:1px solid #71717a;border-radius:4px;cursor:pointer}\
</style>";

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Writing to a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(&mut out, text);
    out
}

fn rfind_ignoring_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .rposition(|window| window.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    #[test]
    fn the_script_goes_before_the_closing_body_tag() {
        let page = b"<html><body><p>hi</p></BODY></html>";
        let out = String::from_utf8(into_page(page, None, "v1")).unwrap();
        assert_eq!(
            out,
            r#"<html><body><p>hi</p><script src="/__folio/live.js" data-version="v1"></script></BODY></html>"#
        );
    }

    #[test]
    fn a_page_without_body_gets_the_script_at_the_end() {
        let out = String::from_utf8(into_page(b"<p>bare</p>", Some("<div>x</div>"), "v")).unwrap();
        assert!(out.starts_with("<p>bare</p><div>x</div><script"), "{out}");
    }

    // Error messages quote the site's files, which may hold markup.
    #[test]
    fn the_overlay_escapes_what_it_quotes() {
        let source = crate::diagnostic::SourceFile::new(
            "content/people/<b>.md",
            "start = \"<img src=x onerror=alert(1)>\"\n",
        );
        let error = crate::Error::Content(vec![
            Diagnostic::at(&source, 8..38, "invalid date \"<img src=x>\"").help("write <YYYY>"),
        ]);
        let html = overlay(&error);
        assert!(!html.contains("<img"), "{html}");
        assert!(!html.contains("<b>"), "{html}");
        assert!(html.contains("content/people/&lt;b&gt;.md:1:9"), "{html}");
        assert!(
            html.contains("&lt;img src=x onerror=alert(1)&gt;"),
            "{html}"
        );
        assert!(html.contains("1 error"), "{html}");
    }

    #[test]
    fn the_overlay_shows_errors_that_are_not_in_a_file() {
        let error = crate::Error::output(Path::new("x"), "refusing to write <here>".into());
        let html = overlay(&error);
        assert!(html.contains("refusing to write &lt;here&gt;"), "{html}");
        let warning_only = crate::Error::Content(vec![
            Diagnostic::file(Path::new("a.md"), "fine").warning(),
            Diagnostic::file(Path::new("b.md"), "broken"),
        ]);
        let html = overlay(&warning_only);
        assert!(html.contains("b.md") && !html.contains("a.md"), "{html}");
    }
}
