//! Things found while reading profiles, numbered as first seen and sorted once.

/// A hash map for lookups within one build: foldhash is several times quicker than the
/// default SipHash, whose defence against crafted keys a build does not need.
type FastMap<K, V> = foldhash::HashMap<K, V>;

/// Things found while reading profiles, keyed by slug, numbered in the order
/// first seen, and sorted once at the end (with a table from old to new numbers).
pub(super) struct Registry<T> {
    pub(super) ids: FastMap<String, usize>,
    pub(super) items: Vec<(String, T)>,
}

impl<T> Default for Registry<T> {
    fn default() -> Self {
        Registry {
            ids: FastMap::default(),
            items: Vec::new(),
        }
    }
}

impl<T> Registry<T> {
    pub(super) fn id(&mut self, slug: String, make: impl FnOnce() -> T) -> usize {
        // A name without letters or digits has no slug. It is an error, reported at the
        // name (checks.rs); until the build stops, its page stands at an address of its
        // own, not on its kind's index (`employers//index.html`), which would be a second
        // error, at no line of the author's.
        let slug = if slug.is_empty() {
            "unnamed".to_string()
        } else {
            slug
        };
        if let Some(&id) = self.ids.get(&slug) {
            return id;
        }
        let id = self.items.len();
        self.ids.insert(slug.clone(), id);
        self.items.push((slug, make()));
        id
    }

    pub(super) fn get_mut(&mut self, id: usize) -> &mut T {
        &mut self.items[id].1
    }

    /// The items in the order of `key`, and each old number's new number.
    pub(super) fn into_sorted<K: Ord>(
        self,
        key: impl Fn(&(String, T)) -> K,
    ) -> (Vec<(String, T)>, Vec<usize>) {
        let mut numbered: Vec<(usize, (String, T))> = self.items.into_iter().enumerate().collect();
        numbered.sort_by_cached_key(|(_, item)| key(item));
        let mut remap = vec![0; numbered.len()];
        for (new, (old, _)) in numbered.iter().enumerate() {
            remap[*old] = new;
        }
        (numbered.into_iter().map(|(_, item)| item).collect(), remap)
    }
}
