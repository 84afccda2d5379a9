//! What refers to a person, an employer, a talk or a skill of the site: its place in the
//! site's sorted list of them, typed so that one cannot stand for another. The site's lists
//! are indexed by them (`site.people[id]`).

use super::{Employer, SitePerson, Skill, Talk};

macro_rules! id {
    ($name:ident, $what:literal, $item:ty) => {
        #[doc = concat!("A ", $what, "'s place in the site's list of them.")]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(usize);

        impl $name {
            pub(crate) fn new(index: usize) -> Self {
                Self(index)
            }

            pub fn index(self) -> usize {
                self.0
            }
        }

        impl std::ops::Index<$name> for [$item] {
            type Output = $item;

            fn index(&self, id: $name) -> &$item {
                &self[id.0]
            }
        }

        impl std::ops::Index<$name> for Vec<$item> {
            type Output = $item;

            fn index(&self, id: $name) -> &$item {
                &self[id.0]
            }
        }
    };
}

id!(PersonId, "person", SitePerson);
id!(EmployerId, "employer", Employer);
id!(TalkId, "talk", Talk);
id!(SkillId, "skill", Skill);
