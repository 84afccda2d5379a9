//! Any bytes as a profile: splitting the front matter and parsing it must
//! return a located error or a profile, never panic or hang.
#![no_main]

use folio::content::PersonFront;
use folio::diagnostic::SourceFile;
use folio::content::front_matter;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let source = SourceFile::new("people/fuzz.md", text);
    if let Ok(split) = front_matter::split(&source) {
        let _ = front_matter::parse::<PersonFront>(&source, &split)
            .map_err(|problems| problems.iter().map(|d| d.to_string()).collect::<Vec<_>>());
    }
});
