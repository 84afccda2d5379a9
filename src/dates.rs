//! Dates as profiles write them: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// A date with the precision the author gave: a year, a month or a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: u16,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

pub const EXPECTED: &str =
    "a date written as YYYY, YYYY-MM or YYYY-MM-DD, e.g. \"2019\", \"2019-10\" or \"2019-10-24\"";

impl Date {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, checking the month and the day.
    pub fn parse(text: &str) -> Option<Date> {
        let mut parts = text.trim().split('-');
        // Year 0 and the like are typos; they are not valid in a sitemap's dates either.
        let year = parse_part(parts.next()?, 4).filter(|&y| y >= 1000)?;
        let month = match parts.next() {
            Some(m) => Some(parse_part(m, 2)?),
            None => None,
        };
        let day = match parts.next() {
            Some(d) => Some(parse_part(d, 2)?),
            None => None,
        };
        if parts.next().is_some() {
            return None;
        }
        let month = month.map(u8::try_from).transpose().ok()?;
        let day = day.map(u8::try_from).transpose().ok()?;
        if let Some(m) = month
            && !(1..=12).contains(&m)
        {
            return None;
        }
        if let (Some(m), Some(d)) = (month, day)
            && (d == 0 || d > days_in_month(year, m))
        {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// "2019", "Nov 2019" or "12 Nov 2019".
    pub fn display(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{d} {} {}", MONTHS[usize::from(m - 1)], self.year),
            (Some(m), None) => format!("{} {}", MONTHS[usize::from(m - 1)], self.year),
            _ => self.year.to_string(),
        }
    }

    /// An RFC 3339 time for a date of any precision: its first day, at midnight UTC.
    pub fn rfc3339(&self) -> String {
        format!("{}T00:00:00Z", self.iso_day())
    }

    /// A full `YYYY-MM-DD`, filling a missing month or day with the first; written where it
    /// is formatted, without a string of its own (a sitemap has 20,000).
    pub fn iso_day(&self) -> impl fmt::Display {
        let (year, month, day) = (self.year, self.month.unwrap_or(1), self.day.unwrap_or(1));
        fmt::from_fn(move |f| write!(f, "{year:04}-{month:02}-{day:02}"))
    }
}

fn parse_part(text: &str, width: usize) -> Option<u16> {
    if text.len() != width || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

/// "2016 – 2018", "Nov 2019 – Present", or one date when both ends are the same.
pub fn range(start: Option<&Date>, end: Option<&Date>) -> String {
    match (start, end) {
        (Some(s), Some(e)) if s == e => s.display(),
        (Some(s), Some(e)) => format!("{} – {}", s.display(), e.display()),
        (Some(s), None) => format!("{} – Present", s.display()),
        (None, Some(e)) => e.display(),
        (None, None) => String::new(),
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DateVisitor;

        impl Visitor<'_> for DateVisitor {
            type Value = Date;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(EXPECTED)
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<Date, E> {
                Date::parse(text).ok_or_else(|| {
                    E::custom(format!("invalid date \"{text}\": expected {EXPECTED}"))
                })
            }

            fn visit_u64<E: de::Error>(self, year: u64) -> Result<Date, E> {
                self.visit_str(&year.to_string())
            }

            fn visit_i64<E: de::Error>(self, year: i64) -> Result<Date, E> {
                self.visit_str(&year.to_string())
            }
        }

        deserializer.deserialize_any(DateVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_accepts_three_precisions() {
        assert_eq!(Date::parse("2019").unwrap().display(), "2019");
        assert_eq!(Date::parse("2019-11").unwrap().display(), "Nov 2019");
        assert_eq!(Date::parse("2019-11-05").unwrap().display(), "5 Nov 2019");
    }

    #[test]
    fn parse_rejects_words_and_impossible_days() {
        for bad in [
            "0000",
            "0999-01",
            "Oct 2019",
            "19",
            "2019-13",
            "2019-02-30",
            "2019-1",
            "2019-01-01-01",
            "",
        ] {
            assert!(Date::parse(bad).is_none(), "{bad}");
        }
        assert!(Date::parse("2020-02-29").is_some());
    }

    #[test]
    fn range_says_present_for_an_open_end() {
        let s = Date::parse("2019-11").unwrap();
        assert_eq!(range(Some(&s), None), "Nov 2019 – Present");
        let e = Date::parse("2021").unwrap();
        assert_eq!(range(Some(&s), Some(&e)), "Nov 2019 – 2021");
    }

    #[test]
    fn dates_order_by_year_then_month() {
        let a = Date::parse("2019").unwrap();
        let b = Date::parse("2019-03").unwrap();
        let c = Date::parse("2020").unwrap();
        assert!(a < b && b < c);
    }

    #[test]
    fn rfc3339_fills_missing_month_and_day() {
        assert_eq!(
            Date::parse("2019").unwrap().rfc3339(),
            "2019-01-01T00:00:00Z"
        );
        assert_eq!(
            Date::parse("2019-11-05").unwrap().rfc3339(),
            "2019-11-05T00:00:00Z"
        );
    }
}
