use super::*;
use crate::site::{Options, Site};

/// A site written into a temporary folder from (file name, front matter) profiles, built.
fn site(site_toml: &str, profiles: &[(&str, &str)]) -> Site {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(
        root.join("site.toml"),
        format!("title = \"Test\"\n{site_toml}"),
    )
    .unwrap();
    std::fs::create_dir_all(root.join("content/people")).unwrap();
    for (name, front) in profiles {
        std::fs::write(
            root.join("content/people").join(format!("{name}.md")),
            format!("+++\n{front}\n+++\nA bio.\n"),
        )
        .unwrap();
    }
    let config = crate::config::Config::load(root).unwrap();
    let confine = crate::walk::Confine::new(root, &config.security);
    let (content, problems) = crate::content::Content::load(root, &confine, None);
    assert!(problems.is_empty(), "{problems:?}");
    let (site, problems) = Site::build(config, content, Options::default());
    assert!(problems.is_empty(), "{problems:?}");
    site
}

fn skill(site: &Site, name: &str) -> SkillId {
    SkillId::new(site.skills.iter().position(|s| s.name == name).unwrap())
}

fn months_with(site: &Site, person: usize, name: &str) -> (u32, u32) {
    let id = skill(site, name);
    let e = site.people[person]
        .skill_experience
        .iter()
        .find(|e| e.skill == id)
        .unwrap();
    (e.months, e.roles)
}

#[test]
fn overlapping_spans_count_once_and_touching_ones_join() {
    assert_eq!(covered_months(&mut [(10, 20), (15, 30)]), 21);
    assert_eq!(covered_months(&mut [(10, 20), (21, 30)]), 21);
    assert_eq!(covered_months(&mut [(10, 20), (25, 30), (12, 13)]), 17);
    assert_eq!(covered_months(&mut []), 0);
}

#[test]
fn year_only_dates_cover_the_whole_year() {
    let y = |t| Date::parse(t).unwrap();
    assert_eq!(last_month(y("2019")) - first_month(y("2019")) + 1, 12);
    assert_eq!(last_month(y("2019-03")), first_month(y("2019-03")));
    assert_eq!(month_date(first_month(y("2019-03"))), y("2019-03"));
}

#[test]
fn years_per_skill_count_overlapping_roles_once_and_run_open_roles_to_the_present() {
    let site = site(
        "",
        &[
            (
                "ada",
                r#"name = "Ada"
skills = ["Rust"]
[[experience]]
employer = "A"
title = "Engineer"
start = "2015-01"
end = "2016-12"
technologies = ["Go", "MySQL"]
[[experience]]
employer = "B"
title = "Consultant"
start = "2016-01"
end = "2017-12"
technologies = ["Go"]
[[experience]]
employer = "C"
title = "Lead"
start = "2020"
technologies = ["MySQL"]"#,
            ),
            (
                "bob",
                r#"name = "Bob"
[[talks]]
title = "Later"
event = "Conf"
date = "2022-06""#,
            ),
        ],
    );
    // The site's present is Bob's talk: June 2022.
    assert_eq!(site.present, first_month(Date::parse("2022-06").unwrap()));
    // Go: 2015-01..2017-12, the overlap in 2016 once: 36 months, in two roles.
    assert_eq!(months_with(&site, 0, "Go"), (36, 2));
    // MySQL: 24 months at A, and 2020-01..2022-06 (open, to the present): 30.
    assert_eq!(months_with(&site, 0, "MySQL"), (54, 2));
    // Rust is only in the profile's skills: known, for no dated role.
    assert_eq!(months_with(&site, 0, "Rust"), (0, 0));
}

#[test]
fn skill_aliases_merge_the_years_of_both_spellings() {
    let site = site(
        "[skill_aliases]\n\"k8s\" = \"Kubernetes\"\n",
        &[(
            "ada",
            r#"name = "Ada"
[[experience]]
employer = "A"
start = "2018"
end = "2018"
technologies = ["k8s"]
[[experience]]
employer = "B"
start = "2019"
end = "2019"
technologies = ["Kubernetes"]
[[talks]]
title = "Running k8s at scale"
event = "Conf"
date = "2019-05""#,
        )],
    );
    assert_eq!(months_with(&site, 0, "Kubernetes"), (24, 2));
    let k8s = &site.skills[skill(&site, "Kubernetes")];
    assert_eq!(
        k8s.facts.talks,
        [TalkId::new(0)],
        "the alias in the title names it"
    );
}

#[test]
fn skill_facts_rank_people_by_years_and_count_related_skills_and_employers() {
    let site = site(
        "",
        &[
            (
                "ada",
                r#"name = "Ada"
[[experience]]
employer = "Acme"
start = "2010"
end = "2019"
technologies = ["Go", "Redis"]"#,
            ),
            (
                "bob",
                r#"name = "Bob"
skills = ["Go", "Redis", "Lua"]
[[experience]]
employer = "Acme"
start = "2018"
technologies = ["Go"]
[[talks]]
title = "Where we go next"
event = "X"
date = "2019-01"
[[talks]]
title = "Go at Acme"
event = "X"
date = "2019-02""#,
            ),
            ("cy", "name = \"Cy\"\nskills = [\"Go\"]"),
        ],
    );
    let go = &site.skills[skill(&site, "Go")].facts;
    let names: Vec<&str> = go
        .holders
        .iter()
        .map(|h| site.people[h.person.index()].person.front.name.as_str())
        .collect();
    assert_eq!(names, ["Ada", "Bob", "Cy"]);
    assert_eq!(go.holders[0].months, 120);
    assert_eq!(go.related[0], (skill(&site, "Redis"), 2));
    assert_eq!(go.related[1], (skill(&site, "Lua"), 1));
    assert_eq!(go.employers, [(EmployerId::new(0), 2)]);
    // "Where we go next" is not about Go: short names match their case only.
    let titles: Vec<&str> = go
        .talks
        .iter()
        .map(|t| site.talks[t.index()].title.as_str())
        .collect();
    assert_eq!(titles, ["Go at Acme"]);
}

#[test]
fn employer_facts_span_its_roles_and_keep_talks_given_while_there() {
    let site = site(
        "",
        &[
            (
                "ada",
                r#"name = "Ada"
[[experience]]
employer = "Acme"
title = "Engineer"
team = "Storage"
start = "2015-03"
end = "2017"
technologies = ["Go", "MySQL"]
[[experience]]
employer = "Other"
start = "2018"
[[talks]]
title = "Storage at Acme"
event = "Conf"
date = "2016-05"
[[talks]]
title = "After Acme"
event = "Conf"
date = "2019-05""#,
            ),
            (
                "bob",
                r#"name = "Bob"
[[experience]]
employer = "Acme"
team = "Storage"
start = "2016"
technologies = ["Go"]"#,
            ),
        ],
    );
    let acme = &site.employers[0];
    assert_eq!(acme.name, "Acme");
    let facts = &acme.facts;
    assert_eq!(facts.since, Date::parse("2015-03"));
    assert_eq!(facts.until, None, "Bob still works there");
    assert_eq!(facts.current_people, 1);
    assert_eq!(facts.teams, ["Storage"]);
    assert_eq!(
        facts.technologies,
        [(skill(&site, "Go"), 2), (skill(&site, "MySQL"), 1)]
    );
    let titles: Vec<&str> = facts
        .talks
        .iter()
        .map(|t| site.talks[t.index()].title.as_str())
        .collect();
    assert_eq!(titles, ["Storage at Acme"]);
    let other = &site.employers[1].facts;
    assert_eq!((other.since, other.until), (Date::parse("2018"), None));
}

#[test]
fn related_talks_share_a_speaker_or_the_event() {
    let site = site(
        "",
        &[
            (
                "ada",
                r#"name = "Ada"
[[talks]]
title = "One"
event = "KubeCon 2019"
date = "2019-05"
[[talks]]
title = "Two"
event = "GopherCon"
date = "2018-05""#,
            ),
            (
                "bob",
                r#"name = "Bob"
[[talks]]
title = "Three"
event = "KubeCon 2019"
date = "2019-05"
[[talks]]
title = "Four"
event = "Elsewhere"
date = "2017-01""#,
            ),
        ],
    );
    let title = |id: &TalkId| site.talks[id.index()].title.as_str();
    let one = site.talks.iter().find(|t| t.title == "One").unwrap();
    let related: Vec<&str> = one.related.iter().map(title).collect();
    assert_eq!(
        related,
        ["Two", "Three"],
        "the same speaker first, then the event"
    );
    let four = site.talks.iter().find(|t| t.title == "Four").unwrap();
    let related: Vec<&str> = four.related.iter().map(title).collect();
    assert_eq!(related, ["Three"]);
}

#[test]
fn counts_are_ranked_most_first_then_by_id() {
    // The tally the facts count with, and the sort the other tests compare it with.
    let ids = vec![5u32, 2, 9, 2, 5, 7, 5, 9];
    let ranked = [(5, 3), (2, 2), (9, 2), (7, 1)];
    assert_eq!(
        by_count_below(ids.iter().map(|&i| i as usize), 10),
        ranked.map(|(i, n)| (i as usize, n))
    );
    assert_eq!(by_count(ids), ranked);
    assert_eq!(by_count_below([], 1), []);
    assert_eq!(by_count(Vec::<u32>::new()), []);
}

/// How many times each id occurs in `ids`, the greatest count first, then by id, counted by
/// sorting: what a [`Tally`] must rank alike.
fn by_count<Id: Ord + Copy>(mut ids: Vec<Id>) -> Vec<(Id, u32)> {
    ids.sort_unstable();
    let mut list: Vec<(Id, u32)> = Vec::new();
    for id in ids {
        match list.last_mut() {
            Some((last, count)) if *last == id => *count += 1,
            _ => list.push((id, 1)),
        }
    }
    list.sort_by_key(|&(_, count)| std::cmp::Reverse(count));
    list
}

/// [`by_count`] of numbers below `n`, counted in a [`Tally`].
fn by_count_below(ids: impl IntoIterator<Item = usize>, n: usize) -> Vec<(usize, u32)> {
    let mut tally = Tally::new(n);
    for i in ids {
        tally.add(i);
    }
    tally.ranked(|i| i)
}

#[test]
fn counting_in_a_table_ranks_as_sorting_does() {
    let mut rng = 0x2545_f491_4f6c_dd1d_u64;
    // The thread's table is kept between calls, larger or smaller: each starts from zero.
    for n in [1usize, 3, 40, 500, 40, 3, 1] {
        let ids: Vec<usize> = (0..n * 7)
            .map(|_| {
                rng ^= rng << 13;
                rng ^= rng >> 7;
                rng ^= rng << 17;
                (rng % n as u64) as usize
            })
            .collect();
        let table = by_count_below(ids.iter().copied(), n);
        assert_eq!(table, by_count(ids), "{n} ids");
    }
    assert_eq!(by_count_below([2, 0, 2], 3), [(2, 2), (0, 1)]);
}
