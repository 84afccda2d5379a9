//! The orders every page shows things in, once.

use crate::content::Role;
use crate::dates::Date;

/// How recent a role is: current roles first, then by end, then by start (greater is newer).
pub fn recency(role: &Role) -> (bool, Date, Date) {
    (
        role.end.is_none(),
        role.end.unwrap_or(role.start),
        role.start,
    )
}

/// Sorts roles newest first.
pub fn newest_first(role: &Role) -> std::cmp::Reverse<(bool, Date, Date)> {
    std::cmp::Reverse(recency(role))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn role(start: &str, end: Option<&str>) -> Role {
        Role {
            employer: "Acme".into(),
            title: None,
            start: Date::parse(start).unwrap(),
            end: end.map(|e| Date::parse(e).unwrap()),
            location: None,
            team: None,
            technologies: Vec::new(),
            highlights: None,
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
        ];
        roles.sort_by_key(newest_first);
        let starts: Vec<String> = roles.iter().map(|r| r.start.to_string()).collect();
        assert_eq!(starts, ["2019", "2010", "2018-06", "2016", "2015"]);
    }
}
