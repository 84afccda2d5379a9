//! Dates as JSON Resume files write them ("2019-3", "07/2025", "March 2012", "Present")
//! read into folio's `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, saying what was changed.

use crate::dates::Date;

/// What a date field said.
#[derive(Debug, PartialEq)]
pub enum Read {
    /// Empty, or absent.
    Empty,
    /// "now", "present", "current": the entry goes on.
    Ongoing,
    /// A date, and how it was written differently, if it was.
    Date(Date, Option<String>),
    /// No date can be read from it: why.
    Invalid(String),
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

fn month_of(word: &str) -> Option<u8> {
    let word = word.trim_end_matches('.').to_lowercase();
    if word.len() < 3 {
        return None;
    }
    let at = MONTHS.iter().position(|m| word.starts_with(m))?;
    let full = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ][at];
    (full.starts_with(&word) || word == "sept").then(|| at as u8 + 1)
}

fn number(text: &str, widths: std::ops::RangeInclusive<usize>) -> Option<u16> {
    (widths.contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

/// The year, month and day a text names, in any of the forms people write, unchecked.
fn parts(text: &str) -> Option<(u16, Option<u16>, Option<u16>)> {
    // An ISO timestamp: its date.
    let text = match text.split_once('T') {
        Some((date, time)) if time.starts_with(|c: char| c.is_ascii_digit()) => date,
        _ => text,
    };
    let words: Vec<&str> = text.split_whitespace().collect();
    if let [month, year] = words.as_slice()
        && let (Some(m), Some(y)) = (month_of(month.trim_end_matches(',')), number(year, 4..=4))
    {
        return Some((y, Some(u16::from(m)), None));
    }
    let pieces: Vec<&str> = text.split(['-', '/', '.']).collect();
    match pieces.as_slice() {
        [y] => Some((number(y, 4..=4)?, None, None)),
        [a, b] if a.len() == 4 => Some((number(a, 4..=4)?, Some(number(b, 1..=2)?), None)),
        [a, b] if b.len() == 4 => Some((number(b, 4..=4)?, Some(number(a, 1..=2)?), None)),
        [y, m, d] if y.len() == 4 => Some((
            number(y, 4..=4)?,
            Some(number(m, 1..=2)?),
            Some(number(d, 1..=2)?),
        )),
        _ => None,
    }
}

/// Reads a date field's text.
pub fn read(text: &str) -> Read {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Read::Empty;
    }
    if ["now", "present", "current", "today", "ongoing"].contains(&trimmed.to_lowercase().as_str())
    {
        return Read::Ongoing;
    }
    if let Some(date) = Date::parse(trimmed) {
        let note = (trimmed != text).then(|| format!("\"{text}\" read as \"{date}\""));
        return Read::Date(date, note);
    }
    let Some((year, month, day)) = parts(trimmed) else {
        return Read::Invalid(format!(
            "\"{trimmed}\" is no date folio can read (YYYY, YYYY-MM or YYYY-MM-DD)"
        ));
    };
    // The longest valid prefix: "2010-13" is 2010, "2020-02-30" is 2020-02.
    let write = |y: u16, m: Option<u16>, d: Option<u16>| {
        let mut s = format!("{y:04}");
        if let Some(m) = m {
            s.push_str(&format!("-{m:02}"));
            if let Some(d) = d {
                s.push_str(&format!("-{d:02}"));
            }
        }
        Date::parse(&s)
    };
    if let Some(date) = write(year, month, day) {
        return Read::Date(date, Some(format!("\"{trimmed}\" read as \"{date}\"")));
    }
    match write(year, month, None).or_else(|| write(year, None, None)) {
        Some(date) => Read::Date(
            date,
            Some(format!(
                "\"{trimmed}\" is no real date: kept \"{date}\", the part that is"
            )),
        ),
        None => Read::Invalid(format!(
            "\"{trimmed}\" is no date folio can read (YYYY, YYYY-MM or YYYY-MM-DD)"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> String {
        match read(text) {
            Read::Date(d, _) => d.to_string(),
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn the_forms_people_write() {
        for (text, want) in [
            ("2019", "2019"),
            ("2019-3", "2019-03"),
            ("07/2025", "2025-07"),
            ("2006/02", "2006-02"),
            ("08.2007", "2007-08"),
            (" 2004-01 ", "2004-01"),
            ("2015-06-01T00:00:00.000Z", "2015-06-01"),
            ("March 2012", "2012-03"),
            ("Dec 2013", "2013-12"),
            ("Sept 2008", "2008-09"),
            ("2010-13", "2010"),
            ("2020-02-30", "2020-02"),
        ] {
            assert_eq!(date(text), want, "{text}");
        }
        for text in ["now", "Present", "current", "Current"] {
            assert_eq!(read(text), Read::Ongoing, "{text}");
        }
        assert_eq!(read(""), Read::Empty);
        assert!(matches!(read("Spring 2017"), Read::Invalid(_)));
        assert!(
            matches!(read("2019"), Read::Date(_, None)),
            "as written: no note"
        );
    }
}
