//! The person page's sections that came with JSON Resume (issue 22): volunteering, awards,
//! certificates, interests and references, each a list the template shows only when it
//! has entries.

use serde::Serialize;

use crate::dates;
use crate::diagnostic::Diagnostic;
use crate::site::SitePerson;

use super::*;

#[derive(Serialize)]
pub(super) struct Sections<'a> {
    pub(super) volunteer: Vec<VolunteerView<'a>>,
    pub(super) awards: Vec<AwardView<'a>>,
    pub(super) certificates: Vec<CertificateView<'a>>,
    pub(super) interests: Vec<InterestView<'a>>,
    pub(super) references: Vec<ReferenceView<'a>>,
}

#[derive(Serialize)]
pub(super) struct VolunteerView<'a> {
    pub(super) organization: &'a str,
    pub(super) title: Option<&'a str>,
    pub(super) url: Option<String>,
    pub(super) dates: Option<String>,
    pub(super) highlights_html: Option<String>,
}

#[derive(Serialize)]
pub(super) struct AwardView<'a> {
    pub(super) title: &'a str,
    pub(super) date: Option<String>,
    pub(super) awarder: Option<&'a str>,
    pub(super) description_html: Option<String>,
}

#[derive(Serialize)]
pub(super) struct CertificateView<'a> {
    pub(super) name: &'a str,
    pub(super) url: Option<String>,
    pub(super) date: Option<String>,
    pub(super) issuer: Option<&'a str>,
}

#[derive(Serialize)]
pub(super) struct InterestView<'a> {
    pub(super) name: &'a str,
    pub(super) keywords: &'a [String],
}

#[derive(Serialize)]
pub(super) struct ReferenceView<'a> {
    pub(super) name: Option<&'a str>,
    pub(super) reference_html: Option<String>,
}

impl<'a> Renderer<'a> {
    /// The sections of `sp`'s page that came with JSON Resume, markdown rendered; problems in
    /// that markdown (a broken `@/` link) are added to `problems`.
    pub(super) fn sections(
        &self,
        sp: &'a SitePerson,
        problems: &mut Vec<Diagnostic>,
    ) -> Sections<'a> {
        let front = &sp.person.front;
        let source = &sp.person.source;
        let mut field = |text: &Option<String>| {
            self.field(text, source).unwrap_or_else(|d| {
                problems.extend(d);
                None
            })
        };
        let volunteer = front
            .volunteer
            .iter()
            .map(|v| VolunteerView {
                organization: &v.organization,
                title: v.title.as_deref(),
                url: v.url.as_ref().map(|u| self.person_link(sp, u)),
                dates: (v.start.is_some() || v.end.is_some())
                    .then(|| dates::range(v.start.as_ref(), v.end.as_ref())),
                highlights_html: field(&v.highlights),
            })
            .collect();
        let awards = front
            .awards
            .iter()
            .map(|a| AwardView {
                title: &a.title,
                date: a.date.map(|d| d.display()),
                awarder: a.awarder.as_deref(),
                description_html: field(&a.description),
            })
            .collect();
        let references = front
            .references
            .iter()
            .map(|r| ReferenceView {
                name: r.name.as_deref(),
                reference_html: field(&Some(r.reference.clone())),
            })
            .collect();
        Sections {
            volunteer,
            awards,
            certificates: front
                .certificates
                .iter()
                .map(|c| CertificateView {
                    name: &c.name,
                    url: c.url.as_ref().map(|u| self.person_link(sp, u)),
                    date: c.date.map(|d| d.display()),
                    issuer: c.issuer.as_deref(),
                })
                .collect(),
            interests: front
                .interests
                .iter()
                .map(|i| InterestView {
                    name: &i.name,
                    keywords: &i.keywords,
                })
                .collect(),
            references,
        }
    }
}
