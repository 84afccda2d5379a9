//! Fingerprints of data: the same on every run (a fixed seed), quick (foldhash), used to
//! tell what changed between two builds of the dev server.

use std::hash::{BuildHasher, Hash, Hasher};

/// Feeds values into a fingerprint.
pub struct Hashing(foldhash::quality::FoldHasher<'static>);

impl Default for Hashing {
    fn default() -> Self {
        Hashing::new()
    }
}

impl Hashing {
    pub fn new() -> Hashing {
        Hashing(foldhash::quality::FixedState::with_seed(0x0066_6f6c_696f).build_hasher())
    }

    /// Adds a text, ended so that ("ab", "c") and ("a", "bc") differ.
    pub fn text(&mut self, text: &str) -> &mut Self {
        self.0.write(text.as_bytes());
        self.0.write_u8(0xff);
        self
    }

    pub fn u64(&mut self, value: u64) -> &mut Self {
        self.0.write_u64(value);
        self
    }

    /// Adds a value by its [`Hash`].
    pub fn value<T: Hash + ?Sized>(&mut self, value: &T) -> &mut Self {
        value.hash(&mut self.0);
        self
    }

    /// Adds what `value` serializes to (as JSON): for views, whose every field is then in
    /// the fingerprint without being named again. A value that cannot be serialized adds
    /// a marker no other value makes.
    pub fn serialized<T: serde::Serialize + ?Sized>(&mut self, value: &T) -> &mut Self {
        if serde_json::to_writer(Writer(&mut self.0), value).is_err() {
            self.0.write_u64(unique_marker());
        }
        self.0.write_u8(0xfe);
        self
    }

    pub fn finish(&self) -> u64 {
        self.0.finish()
    }
}

/// A number no serialized value is hashed with: a failed serialization then never matches
/// anything, so what it was for is made again.
fn unique_marker() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0x5eed);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

struct Writer<'h>(&'h mut foldhash::quality::FoldHasher<'static>);

impl std::io::Write for Writer<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.write(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_are_ended() {
        let a = Hashing::new().text("ab").text("c").finish();
        let b = Hashing::new().text("a").text("bc").finish();
        assert_ne!(a, b);
        assert_eq!(a, Hashing::new().text("ab").text("c").finish());
    }

    #[test]
    fn a_value_that_cannot_be_serialized_matches_nothing() {
        struct Broken;
        impl serde::Serialize for Broken {
            fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
                Err(serde::ser::Error::custom("no"))
            }
        }
        let a = Hashing::new().serialized(&Broken).finish();
        let b = Hashing::new().serialized(&Broken).finish();
        assert_ne!(a, b);
    }
}
