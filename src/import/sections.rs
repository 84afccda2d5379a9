//! The JSON Resume sections that map one to one onto a profile's lists: profiles, skills,
//! languages, interests, education, awards, certificates, publications, references.

use serde_json::{Map, Value};

use crate::publish::resume::{link_key, readable};

use super::reader::{Edge, Reader, set};

/// `basics.profiles` as `links`: an array of {network, url, username}, or a pre-1.0 map of
/// network to URL or user name.
pub(super) fn profiles(r: &mut Reader, value: Value) -> Map<String, Value> {
    let items: Vec<(String, Value)> = match value {
        Value::Object(map) => {
            r.warn(
                "basics.profiles",
                &[],
                "a map of networks where a list belongs: read as a list".into(),
            );
            let entry = |k: String, v: Value| match v.as_str() {
                Some(s) if !s.contains("://") => serde_json::json!({ "network": k, "username": s }),
                _ => serde_json::json!({ "network": k, "url": v }),
            };
            map.into_iter()
                .map(|(k, v)| (k.clone(), entry(k, v)))
                .collect()
        }
        other => r
            .list(other, "basics.profiles")
            .into_iter()
            .map(|v| (String::new(), v))
            .collect(),
    };
    let mut links = Map::new();
    for (i, (_, item)) in items.into_iter().enumerate() {
        let path = format!("basics.profiles[{i}]");
        let Some(mut p) = r.object(item, &path, "url") else {
            continue;
        };
        let originals = p
            .remove("folio")
            .and_then(|v| v.as_object().cloned())
            .unwrap_or_default();
        let network = p.remove("network").unwrap_or(Value::Null);
        let network = r.text(network, &format!("{path}.network"));
        let url = p.remove("url").unwrap_or(Value::Null);
        let url = r.url(url, &format!("{path}.url"));
        let username = p.remove("username").unwrap_or(Value::Null);
        let username = r.text(username, &format!("{path}.username"));
        let Some(url) = url.or_else(|| known_url(network.as_deref()?, username.as_deref()?)) else {
            if network.is_some() || username.is_some() {
                r.warn(&path, &[], "a profile without a URL: dropped".into());
            }
            continue;
        };
        let key = match originals.get("key").and_then(Value::as_str) {
            Some(key)
                if network.as_deref().map(crate::content::link_label)
                    == Some(crate::content::link_label(key)) =>
            {
                key.to_string()
            }
            _ => network
                .as_deref()
                .map(link_key)
                .filter(|k| !k.is_empty())
                .unwrap_or_else(|| format!("link_{}", i + 1)),
        };
        if links.contains_key(&key) {
            p.insert("network".into(), network.into());
            p.insert("url".into(), url.into());
            r.skip(&path, p);
            continue;
        }
        // A user name other than the one folio would show is kept, and written back.
        if let Some(name) = username.filter(|n| *n != crate::publish::resume::username(&key, &url))
        {
            r.keep_as_is(&format!("{path}.username"), Value::String(name));
        }
        r.rest(p, &path);
        r.kept_for(&path, &format!("basics.profiles[{}]", links.len()));
        links.insert(key, Value::String(url));
    }
    links
}

/// A profile URL from a network and a user name, for the networks whose URLs are known.
fn known_url(network: &str, username: &str) -> Option<String> {
    let host = match network.to_lowercase().as_str() {
        "github" => "https://github.com/",
        "gitlab" => "https://gitlab.com/",
        "twitter" => "https://twitter.com/",
        "x" => "https://x.com/",
        "linkedin" => "https://www.linkedin.com/in/",
        _ => return None,
    };
    Some(format!("{host}{}", username.trim_start_matches('@')))
}

/// `skills` as `skills`: all without keywords a flat list, else groups (a keyword-less
/// skill a group of itself); levels in `skill_levels`.
pub(super) fn skills(r: &mut Reader, value: Value, front: &mut Map<String, Value>) {
    let mut entries: Vec<(String, Vec<String>, Option<String>)> = Vec::new();
    for (i, item) in r.list(value, "skills").into_iter().enumerate() {
        let path = format!("skills[{i}]");
        let Some(mut s) = r.object(item, &path, "name") else {
            continue;
        };
        let originals = s
            .remove("folio")
            .and_then(|v| v.as_object().cloned())
            .unwrap_or_default();
        let name = s.remove("name").unwrap_or(Value::Null);
        let keywords = s.remove("keywords").unwrap_or(Value::Null);
        let keywords = r.strings(keywords, &format!("{path}.keywords"));
        let Some(name) = r.text(name, &format!("{path}.name")) else {
            entries.extend(keywords.into_iter().map(|k| (k, Vec::new(), None)));
            continue;
        };
        let name = match originals.get("key").and_then(Value::as_str) {
            Some(key) if readable(key) == name => key.to_string(),
            _ => name,
        };
        let level = s.remove("level").unwrap_or(Value::Null);
        let level = r.text(level, &format!("{path}.level"));
        r.rest(s, &path);
        r.kept_for(&path, &format!("skills[{}]", entries.len()));
        entries.push((name, keywords, level));
    }
    let mut levels = Map::new();
    for (name, _, level) in &entries {
        set(&mut levels, name, level.clone());
    }
    if entries.iter().all(|(_, k, _)| k.is_empty()) {
        set(
            front,
            "skills",
            entries
                .into_iter()
                .map(|(n, _, _)| Value::String(n))
                .collect::<Vec<_>>(),
        );
    } else {
        let mut groups = Map::new();
        for (name, keywords, _) in entries {
            let keywords = if keywords.is_empty() {
                vec![name.clone()]
            } else {
                keywords
            };
            groups.insert(name, keywords.into());
        }
        set(front, "skills", groups);
    }
    set(front, "skill_levels", levels);
}

pub(super) fn languages(r: &mut Reader, value: Value, front: &mut Map<String, Value>) {
    let mut out = Vec::new();
    for (i, item) in r.list(value, "languages").into_iter().enumerate() {
        let path = format!("languages[{i}]");
        let Some(mut l) = r.object(item, &path, "language") else {
            continue;
        };
        let name = l
            .remove("language")
            .or_else(|| l.remove("name"))
            .unwrap_or(Value::Null);
        let Some(name) = r.text(name, &format!("{path}.language")) else {
            r.skip(&path, l);
            continue;
        };
        let level = l
            .remove("fluency")
            .or_else(|| l.remove("level"))
            .unwrap_or(Value::Null);
        let mut lang = Map::new();
        set(&mut lang, "name", name);
        set(
            &mut lang,
            "level",
            r.text(level, &format!("{path}.fluency")),
        );
        r.rest(l, &path);
        r.kept_for(&path, &format!("languages[{}]", out.len()));
        out.push(Value::Object(lang));
    }
    set(front, "spoken_languages", out);
}

pub(super) fn interests(r: &mut Reader, value: Value, front: &mut Map<String, Value>) {
    let mut out = Vec::new();
    for (i, item) in r.list(value, "interests").into_iter().enumerate() {
        let path = format!("interests[{i}]");
        let Some(mut it) = r.object(item, &path, "name") else {
            continue;
        };
        let name = it.remove("name").unwrap_or(Value::Null);
        let Some(name) = r.text(name, &format!("{path}.name")) else {
            r.skip(&path, it);
            continue;
        };
        let keywords = it.remove("keywords").unwrap_or(Value::Null);
        let mut interest = Map::new();
        set(&mut interest, "name", name);
        set(
            &mut interest,
            "keywords",
            r.strings(keywords, &format!("{path}.keywords")),
        );
        r.rest(it, &path);
        r.kept_for(&path, &format!("interests[{}]", out.len()));
        out.push(Value::Object(interest));
    }
    set(front, "interests", out);
}

/// The entries of a section, each an object (a plain string read as `key`), with its path.
fn entries(
    r: &mut Reader,
    value: Value,
    section: &str,
    key: &str,
) -> Vec<(String, Map<String, Value>)> {
    let items = r.list(value, section);
    items
        .into_iter()
        .enumerate()
        .filter_map(|(i, item)| {
            let path = format!("{section}[{i}]");
            r.object(item, &path, key).map(|o| (path, o))
        })
        .collect()
}

/// Reads `from` of `entry` as `to` in `out`, by `how`.
fn field(
    r: &mut Reader,
    entry: &mut Map<String, Value>,
    path: &str,
    (from, to): (&str, &str),
    how: How,
    out: &mut Map<String, Value>,
) {
    let value = r.take(entry, from, path);
    let at = format!("{path}.{from}");
    let read: Value = match how {
        How::Text => r.text(value, &at).into(),
        How::Markdown => r.markdown(value, &at).into(),
        How::Url => r.url(value, &at).into(),
        How::Start => r.date(value, &at, Edge::Start).into(),
        How::End => r.date(value, &at, Edge::End).into(),
        How::List => r.strings(value, &at).into(),
    };
    set(out, to, read);
}

#[derive(Clone, Copy)]
enum How {
    Text,
    Markdown,
    Url,
    Start,
    End,
    List,
}

/// Each entry of `section` with its fields read as `fields` says; entries without
/// `required` are kept in `extra`.
fn section(
    r: &mut Reader,
    value: Value,
    section: &str,
    required: (&str, &str),
    fields: &[(&str, &str, How)],
) -> Vec<Value> {
    let mut out = Vec::new();
    for (path, mut entry) in entries(r, value, section, required.0) {
        let mut item = Map::new();
        field(r, &mut entry, &path, required, How::Text, &mut item);
        if item.is_empty() {
            r.skip(&path, entry);
            continue;
        }
        for &(from, to, how) in fields {
            field(r, &mut entry, &path, (from, to), how, &mut item);
        }
        r.rest(entry, &path);
        r.kept_for(&path, &format!("{section}[{}]", out.len()));
        out.push(Value::Object(item));
    }
    out
}

pub(super) fn education(r: &mut Reader, value: Value) -> Vec<Value> {
    let mut out = Vec::new();
    for (path, mut e) in entries(r, value, "education", "institution") {
        let mut item = Map::new();
        for (from, to, how) in [
            ("institution", "institution", How::Text),
            ("studyType", "degree", How::Text),
            ("area", "field", How::Text),
            ("startDate", "start", How::Start),
            ("endDate", "end", How::End),
            ("location", "location", How::Text),
            ("score", "score", How::Text),
            ("url", "url", How::Url),
            ("courses", "courses", How::List),
            ("summary", "description", How::Markdown),
        ] {
            field(r, &mut e, &path, (from, to), how, &mut item);
        }
        if !item.contains_key("institution")
            && !item.contains_key("degree")
            && !item.contains_key("field")
        {
            item.extend(e);
            r.skip(&path, item);
            continue;
        }
        r.rest(e, &path);
        r.kept_for(&path, &format!("education[{}]", out.len()));
        out.push(Value::Object(item));
    }
    out
}

pub(super) fn awards(r: &mut Reader, value: Value) -> Vec<Value> {
    let fields = [
        ("date", "date", How::Start),
        ("awarder", "awarder", How::Text),
        ("summary", "description", How::Markdown),
    ];
    section(r, value, "awards", ("title", "title"), &fields)
}

pub(super) fn certificates(r: &mut Reader, value: Value) -> Vec<Value> {
    let fields = [
        ("date", "date", How::Start),
        ("issuer", "issuer", How::Text),
        ("url", "url", How::Url),
    ];
    section(r, value, "certificates", ("name", "name"), &fields)
}

pub(super) fn publications(r: &mut Reader, value: Value) -> Vec<Value> {
    let fields = [
        ("publisher", "publisher", How::Text),
        ("releaseDate", "date", How::Start),
        ("url", "url", How::Url),
        ("summary", "description", How::Markdown),
    ];
    section(r, value, "publications", ("name", "title"), &fields)
}

pub(super) fn references(r: &mut Reader, value: Value) -> Vec<Value> {
    let mut out = Vec::new();
    for (path, mut entry) in entries(r, value, "references", "reference") {
        let mut item = Map::new();
        field(r, &mut entry, &path, ("name", "name"), How::Text, &mut item);
        field(
            r,
            &mut entry,
            &path,
            ("reference", "reference"),
            How::Markdown,
            &mut item,
        );
        if !item.contains_key("reference") {
            item.extend(entry);
            r.skip(&path, item);
            continue;
        }
        r.rest(entry, &path);
        r.kept_for(&path, &format!("references[{}]", out.len()));
        out.push(Value::Object(item));
    }
    out
}
