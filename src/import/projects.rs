//! `projects` as projects, and the ones that are talks as talks.

use serde_json::{Map, Value};

use crate::publish::resume_text::{TalkText, as_written};

use super::reader::{Edge, Reader, bullets, set};

/// `projects` as projects, and talks (`type` talk, presentation or conference, or a
/// "Speaker" role) as talks.
pub(super) fn read(r: &mut Reader, value: Value) -> (Vec<Value>, Vec<Value>) {
    let (mut projects, mut talks) = (Vec::new(), Vec::new());
    for (i, item) in r.list(value, "projects").into_iter().enumerate() {
        let path = format!("projects[{i}]");
        let Some(mut p) = r.object(item, &path, "name") else {
            continue;
        };
        let kind = p
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_lowercase();
        let roles = p.remove("roles").unwrap_or(Value::Null);
        let roles = r.strings(roles, &format!("{path}.roles"));
        let is_talk = ["talk", "presentation", "conference"].contains(&kind.as_str())
            || roles
                .iter()
                .any(|role| role.eq_ignore_ascii_case("speaker"));
        let name = p.remove("name").unwrap_or(Value::Null);
        let Some(name) = r.text(name, &format!("{path}.name")) else {
            r.skip(&path, p);
            continue;
        };
        let start = p.remove("startDate").unwrap_or(Value::Null);
        let start = r.date(start, &format!("{path}.startDate"), Edge::Start);
        let end = p.remove("endDate").unwrap_or(Value::Null);
        let end = r.date(end, &format!("{path}.endDate"), Edge::End);
        let entity = p.remove("entity").unwrap_or(Value::Null);
        let entity = r.text(entity, &format!("{path}.entity"));
        let url = p.remove("url").unwrap_or(Value::Null);
        let url = r.url(url, &format!("{path}.url"));
        let description = p.remove("description").unwrap_or(Value::Null);
        let description = r.markdown(description, &format!("{path}.description"));
        let highlights = p.remove("highlights").unwrap_or(Value::Null);
        let highlights = r.strings_md(highlights, &format!("{path}.highlights"));
        if is_talk && entity.is_some() && start.is_some() {
            p.remove("type");
            let talk = read_talk(
                r,
                &path,
                p,
                (name, entity, start, end, url),
                description,
                highlights,
            );
            // What the file kept beside a talk goes back onto that talk: resume.json writes
            // talks after the projects, so the file's index is not the talk's.
            r.kept_for(&path, &format!("talks[{}]", talks.len()));
            talks.push(talk);
            continue;
        }
        let mut project = Map::new();
        set(&mut project, "name", name);
        set(&mut project, "url", url);
        set(&mut project, "role", roles.join(", "));
        set(&mut project, "start", start);
        set(&mut project, "end", end);
        set(&mut project, "description", description);
        set(&mut project, "highlights", bullets(&highlights));
        let keywords = p.remove("keywords").unwrap_or(Value::Null);
        set(
            &mut project,
            "keywords",
            r.strings(keywords, &format!("{path}.keywords")),
        );
        set(&mut project, "entity", entity);
        let kind = p.remove("type").unwrap_or(Value::Null);
        set(&mut project, "type", r.text(kind, &format!("{path}.type")));
        r.rest(p, &path);
        r.kept_for(&path, &format!("projects[{}]", projects.len()));
        projects.push(Value::Object(project));
    }
    (projects, talks)
}

type Visible = (
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

fn read_talk(
    r: &mut Reader,
    path: &str,
    mut p: Map<String, Value>,
    visible: Visible,
    description: Option<String>,
    highlights: Vec<String>,
) -> Value {
    let (name, entity, start, end, url) = visible;
    let event = entity.unwrap_or_default();
    let originals = p
        .remove("folio")
        .and_then(|v| v.as_object().cloned())
        .unwrap_or_default();
    let text = |k: &str| originals.get(k).and_then(Value::as_str).map(String::from);
    let with: Vec<String> = originals
        .get("with")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    let (location, abstract_, own_url, slides, video) = (
        text("location"),
        text("abstract"),
        text("url"),
        text("slides"),
        text("video"),
    );
    let derived = TalkText {
        event: &event,
        location: location.as_deref(),
        with: &with,
        abstract_: abstract_.as_deref(),
        slides: slides.as_deref(),
        video: video.as_deref(),
    };
    let shown_url = own_url.clone().or(slides.clone()).or(video.clone());
    let unchanged = !originals.is_empty()
        && description.as_deref() == Some(derived.description(&as_written).as_str())
        && highlights == derived.highlights()
        && (shown_url.is_none() || shown_url == url);
    let mut talk = Map::new();
    set(&mut talk, "title", name);
    set(&mut talk, "event", event);
    set(&mut talk, "date", start.clone());
    if end.is_some() && end != start {
        r.warn(
            &format!("{path}.endDate"),
            &[],
            "a talk has one date: the end date is dropped".into(),
        );
    }
    if unchanged {
        set(&mut talk, "location", location);
        set(&mut talk, "url", own_url);
        set(&mut talk, "slides", slides);
        set(&mut talk, "video", video);
        set(&mut talk, "with", with);
        set(&mut talk, "abstract", abstract_);
    } else {
        if !originals.is_empty() {
            r.warn(
                &format!("{path}.description"),
                &[],
                "changed since folio wrote it: read as it is now".into(),
            );
        }
        set(&mut talk, "url", url);
        let text = [description.unwrap_or_default(), bullets(&highlights)]
            .into_iter()
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join("\n\n");
        set(&mut talk, "abstract", text);
    }
    p.remove("keywords")
        .into_iter()
        .for_each(|k| r.keep(&format!("{path}.keywords"), k));
    r.rest(p, path);
    Value::Object(talk)
}
