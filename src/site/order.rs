//! The orders every page shows things in, once.

use crate::content::Role;
use crate::dates::Date;

/// How recent a role is: current roles first, then by end, then by start (greater is newer);
/// a role without dates is the oldest.
pub fn recency(role: &Role) -> (bool, Option<Date>, Option<Date>) {
    (role.is_current(), role.end.or(role.start), role.start)
}

/// Sorts roles newest first.
pub fn newest_first(role: &Role) -> std::cmp::Reverse<(bool, Option<Date>, Option<Date>)> {
    std::cmp::Reverse(recency(role))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn role(start: &str, end: Option<&str>) -> Role {
        Role {
            employer: "Acme".into(),
            title: None,
            start: Date::parse(start),
            end: end.map(|e| Date::parse(e).unwrap()),
            location: None,
            team: None,
            technologies: Vec::new(),
            highlights: None,
            url: None,
        }
    }

    #[test]
    fn current_roles_come_first_then_by_end_then_by_start() {
        let mut roles = [
            role("2015", Some("2018")),
            role("2019", None),
            role("2016", Some("2018")),
            role("2010", None),
            role("2018-06", Some("2019")),
            role("undated", None),
        ];
        roles.sort_by_key(newest_first);
        let starts: Vec<String> = roles
            .iter()
            .map(|r| r.start.map_or("none".into(), |d| d.to_string()))
            .collect();
        assert_eq!(starts, ["2019", "2010", "2018-06", "2016", "2015", "none"]);
    }
}
