//! The geometry of the charts pages draw: a person's career, an employer's tenures, a
//! skill's depth. Rust places the rows, bars and points; the templates draw them as inline
//! SVG (templates/charts.html), so a site can restyle or redraw them.
//!
//! Widths are percentages of the chart's width and heights are pixels, so a chart fills
//! any screen while its text keeps its size: each row is a label line above its bars.

use serde::Serialize;

use crate::dates::{self, Date};
use crate::site::derived::{Month, first_month, month_date, role_months};
use crate::site::{Employer, Site, SitePerson, Skill};

/// A chart draws at most this many rows; the rest are counted in `more`.
pub const MAX_ROWS: usize = 40;

/// The height of a row: its label's line, then its bars.
const ROW: u32 = 40;
/// Where a row's label sits (its baseline) and where its bars start, from the row's top.
const LABEL: u32 = 15;
const BAR: u32 = 21;
pub const BAR_HEIGHT: u32 = 12;
/// The room under the rows for the axis's labels.
const AXIS: u32 = 24;

/// One chart: rows of bars over an axis, and points on a row of their own.
#[derive(Serialize, Debug, Default)]
pub struct Chart<'a> {
    /// The height of the drawing, in pixels.
    pub height: u32,
    /// Where the axis's labels sit (their baseline) and where its lines end.
    pub axis_y: u32,
    pub grid_bottom: u32,
    /// The axis's marks: a year on a time axis, a number of years on a depth axis.
    pub ticks: Vec<Tick>,
    pub rows: Vec<Row<'a>>,
    /// Marks at a moment (a person's talks), on a row of their own at `points_y`.
    pub points: Vec<Point<'a>>,
    pub points_y: u32,
    /// How many rows were left out, past [`MAX_ROWS`].
    pub more: usize,
}

#[derive(Serialize, Debug)]
pub struct Tick {
    pub x: f64,
    pub value: u32,
}

#[derive(Serialize, Debug)]
pub struct Row<'a> {
    pub label: &'a str,
    pub url: &'a str,
    /// The baseline of the row's label, and the top of its bars.
    pub label_y: u32,
    pub bar_y: u32,
    pub bars: Vec<Bar<'a>>,
    /// On a depth chart: the months and roles the bar stands for, and whole years.
    pub months: u32,
    pub years: u32,
    pub roles: u32,
}

#[derive(Serialize, Debug)]
pub struct Bar<'a> {
    pub x: f64,
    pub width: f64,
    /// Whether it runs to the present (a role without an end).
    pub current: bool,
    /// The role's title, if it has one.
    pub title: Option<&'a str>,
    /// "2016 – 2018", as the pages write dates.
    pub dates: String,
}

#[derive(Serialize, Debug)]
pub struct Point<'a> {
    pub x: f64,
    pub title: &'a str,
    pub url: &'a str,
    pub date: String,
}

/// A percentage, to two decimals: short, and the same in every build.
fn percent(part: f64, whole: f64) -> f64 {
    if whole <= 0.0 {
        return 0.0;
    }
    (part / whole * 10_000.0).round() / 100.0
}

/// A time axis from the first month to the last, both included.
struct TimeAxis {
    first: Month,
    last: Month,
}

impl TimeAxis {
    fn over(months: impl Iterator<Item = Month>) -> Option<TimeAxis> {
        let (mut first, mut last) = (Month::MAX, 0);
        for m in months {
            first = first.min(m);
            last = last.max(m);
        }
        (first <= last).then_some(TimeAxis { first, last })
    }

    fn span(&self) -> f64 {
        f64::from(self.last + 1 - self.first)
    }

    fn x(&self, month: Month) -> f64 {
        percent(f64::from(month.saturating_sub(self.first)), self.span())
    }

    /// A bar from the start of `start` to the end of `end`.
    fn bar<'a>(
        &self,
        (start, end): (Month, Month),
        title: Option<&'a str>,
        dates: String,
    ) -> Bar<'a> {
        let x = self.x(start);
        Bar {
            x,
            width: ((self.x(end + 1) - x) * 100.0).round() / 100.0,
            current: false,
            title,
            dates,
        }
    }

    /// A mark at each new year, every 1, 2, 5, 10... years so there are at most seven.
    fn ticks(&self) -> Vec<Tick> {
        let (first_year, last_year) = (self.first.div_ceil(12), (self.last + 1) / 12);
        let step = nice_step(last_year.saturating_sub(first_year));
        (first_year..=last_year)
            .filter(|y| y % step == 0)
            .map(|year| Tick {
                x: self.x(year * 12),
                value: year,
            })
            .collect()
    }
}

/// The step between marks so that `range` holds at most seven of them.
fn nice_step(range: u32) -> u32 {
    [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]
        .into_iter()
        .find(|step| range / step <= 6)
        .unwrap_or(1000)
}

impl<'a> Chart<'a> {
    /// The chart's rows, laid out top down; `points` rows add a row of points below them.
    fn lay_out(mut rows: Vec<Row<'a>>, total: usize, with_points: bool) -> Chart<'a> {
        for (i, row) in rows.iter_mut().enumerate() {
            let top = i as u32 * ROW;
            row.label_y = top + LABEL;
            row.bar_y = top + BAR;
        }
        let drawn = rows.len() as u32 + u32::from(with_points);
        let grid_bottom = drawn * ROW;
        Chart {
            height: grid_bottom + AXIS,
            axis_y: grid_bottom + AXIS - 6,
            grid_bottom,
            ticks: Vec::new(),
            more: total - rows.len(),
            points_y: (drawn - 1) * ROW + BAR + BAR_HEIGHT / 2,
            rows,
            points: Vec::new(),
        }
    }
}

fn row<'a>(label: &'a str, url: &'a str) -> Row<'a> {
    Row {
        label,
        url,
        label_y: 0,
        bar_y: 0,
        bars: Vec::new(),
        months: 0,
        years: 0,
        roles: 0,
    }
}

/// A person's career: a row per employer (newest first) with a bar per dated role, and
/// their talks as points. None when no role has a start.
pub fn career<'a>(site: &'a Site, sp: &'a SitePerson) -> Option<Chart<'a>> {
    let present = site.present;
    let front = &sp.person.front;
    let spans: Vec<Option<(Month, Month)>> = front
        .experience
        .iter()
        .map(|r| role_months(r, present))
        .collect();
    let talks: Vec<_> = sp.talks().map(|t| &site.talks[t]).collect();
    let axis = TimeAxis::over(
        spans
            .iter()
            .flatten()
            .flat_map(|&(s, e)| [s, e])
            .chain(talks.iter().map(|t| first_month(t.date))),
    )?;
    if spans.iter().all(Option::is_none) {
        return None;
    }
    let mut order: Vec<usize> = (0..front.experience.len()).collect();
    order.sort_by_key(|&i| crate::site::order::newest_first(&front.experience[i]));
    let mut rows: Vec<(crate::site::EmployerId, Row<'a>)> = Vec::new();
    for i in order {
        let Some(span) = spans[i] else { continue };
        let role = &front.experience[i];
        let employer = sp.role_employers[i];
        let at = match rows.iter().position(|(e, _)| *e == employer) {
            Some(at) => at,
            None => {
                let e = &site.employers[employer];
                rows.push((employer, row(&e.name, &e.url)));
                rows.len() - 1
            }
        };
        let mut bar = axis.bar(
            span,
            role.title(),
            dates::range(role.start.as_ref(), role.end.as_ref()),
        );
        bar.current = role.is_current();
        rows[at].1.roles += 1;
        rows[at].1.bars.push(bar);
    }
    let total = rows.len();
    let rows = rows.into_iter().map(|(_, r)| r).take(MAX_ROWS).collect();
    let mut chart = Chart::lay_out(rows, total, !talks.is_empty());
    chart.ticks = axis.ticks();
    chart.points = talks
        .iter()
        .map(|t| Point {
            x: percent(
                f64::from(first_month(t.date) - axis.first) + 0.5,
                axis.span(),
            ),
            title: &t.title,
            url: &t.url,
            date: t.date.display(),
        })
        .collect();
    Some(chart)
}

/// An employer's tenures: a row per person who worked there (by their latest role there),
/// a bar per dated role. None when no role there has a start.
pub fn tenure<'a>(site: &'a Site, employer: &'a Employer) -> Option<Chart<'a>> {
    let present = site.present;
    let role =
        |m: &crate::site::Member, r: usize| &site.people[m.person].person.front.experience[r];
    let axis = TimeAxis::over(
        employer
            .members
            .iter()
            .flat_map(|m| m.roles.iter().map(move |&r| (m, r)))
            .filter_map(|(m, r)| role_months(role(m, r), present))
            .flat_map(|(s, e)| [s, e]),
    )?;
    let mut rows = Vec::new();
    let mut total = 0;
    for m in &employer.members {
        let sp = &site.people[m.person];
        let mut r = row(&sp.person.front.name, &sp.url);
        for &i in &m.roles {
            let role = role(m, i);
            let Some(span) = role_months(role, present) else {
                continue;
            };
            let mut bar = axis.bar(
                span,
                role.title(),
                dates::range(role.start.as_ref(), role.end.as_ref()),
            );
            bar.current = role.is_current();
            r.bars.push(bar);
            r.roles += 1;
        }
        if r.bars.is_empty() {
            continue;
        }
        total += 1;
        if rows.len() < MAX_ROWS {
            rows.push(r);
        }
    }
    let mut chart = Chart::lay_out(rows, total, false);
    chart.ticks = axis.ticks();
    Some(chart)
}

/// A skill's depth: a row per person with it, most years first, the bar as long as their
/// years with it. None when nobody's roles name it.
pub fn depth<'a>(site: &'a Site, skill: &'a Skill) -> Option<Chart<'a>> {
    let holders = &skill.facts.holders;
    let most = holders.iter().map(|h| h.months).max().filter(|&m| m > 0)?;
    let years = most.div_ceil(12);
    let rows = holders
        .iter()
        .take(MAX_ROWS)
        .map(|h| {
            let sp = &site.people[h.person];
            let mut r = row(&sp.person.front.name, &sp.url);
            r.months = h.months;
            r.years = whole_years(h.months);
            r.roles = h.roles;
            if h.months > 0 {
                r.bars.push(Bar {
                    x: 0.0,
                    width: percent(f64::from(h.months), f64::from(years * 12)),
                    current: false,
                    title: None,
                    dates: String::new(),
                });
            }
            r
        })
        .collect();
    let mut chart = Chart::lay_out(rows, holders.len(), false);
    let step = nice_step(years);
    chart.ticks = (0..=years)
        .filter(|y| y % step == 0)
        .map(|y| Tick {
            x: percent(f64::from(y), f64::from(years)),
            value: y,
        })
        .collect();
    Some(chart)
}

/// Months as whole years, rounded: 18 months is 2 years, 5 months is 0 (less than one).
pub fn whole_years(months: u32) -> u32 {
    (months + 6) / 12
}

/// The site's present as a date (`YYYY-MM`), for the words "as of".
pub fn present(site: &Site) -> Option<Date> {
    (site.present > 0).then(|| month_date(site.present))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_stay_few_on_long_careers() {
        let axis = TimeAxis {
            first: 1990 * 12,
            last: 2024 * 12 + 5,
        };
        let ticks = axis.ticks();
        assert!(ticks.len() <= 7, "{ticks:?}");
        assert_eq!(ticks[0].value, 1990);
        assert_eq!(ticks[0].x, 0.0);
    }

    #[test]
    fn a_bar_covers_its_months_both_ends_included() {
        let axis = TimeAxis {
            first: 2010 * 12,
            last: 2019 * 12 + 11,
        };
        let bar = axis.bar((2015 * 12, 2019 * 12 + 11), None, String::new());
        assert_eq!((bar.x, bar.width), (50.0, 50.0));
    }

    #[test]
    fn whole_years_round_to_the_nearest() {
        assert_eq!([5, 6, 18, 120].map(whole_years), [0, 1, 2, 10]);
    }
}
