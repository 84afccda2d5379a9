//! The fonts folio draws and reads text with: Inter, compiled into the binary (see
//! README.md here), never the system's, so the same files give the same bytes everywhere.

use std::sync::{Arc, OnceLock};

use usvg::fontdb;

static REGULAR: &[u8] = include_bytes!("Inter-Regular.ttf");
static BOLD: &[u8] = include_bytes!("Inter-Bold.ttf");

/// The family every generic name (`sans-serif`, `serif`...) and unknown family falls back to.
pub const FAMILY: &str = "Inter";

/// The font database, with Inter alone; loaded once per process.
pub fn database() -> Arc<fontdb::Database> {
    static DATABASE: OnceLock<Arc<fontdb::Database>> = OnceLock::new();
    DATABASE
        .get_or_init(|| {
            let mut db = fontdb::Database::new();
            db.load_font_data(REGULAR.to_vec());
            db.load_font_data(BOLD.to_vec());
            db.set_sans_serif_family(FAMILY);
            db.set_serif_family(FAMILY);
            db.set_monospace_family(FAMILY);
            db.set_cursive_family(FAMILY);
            db.set_fantasy_family(FAMILY);
            Arc::new(db)
        })
        .clone()
}

/// The weights folio draws with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    Regular,
    Bold,
}

/// The advance widths of the characters up to U+024F (Latin and its extensions) in one
/// weight, in ems; `None` for a character the font has no glyph for.
struct Advances(Vec<Option<f32>>);

const TABLED: u32 = 0x250;

fn advances(weight: Weight) -> &'static Advances {
    static REGULAR_ADVANCES: OnceLock<Advances> = OnceLock::new();
    static BOLD_ADVANCES: OnceLock<Advances> = OnceLock::new();
    let (cell, data) = match weight {
        Weight::Regular => (&REGULAR_ADVANCES, REGULAR),
        Weight::Bold => (&BOLD_ADVANCES, BOLD),
    };
    cell.get_or_init(|| Advances((0..TABLED).map(|c| advance_of(data, c)).collect()))
}

/// The advance of code point `c` in the font `data`, in ems.
fn advance_of(data: &[u8], c: u32) -> Option<f32> {
    use skrifa::MetadataProvider;
    use skrifa::instance::{LocationRef, Size};
    let font = skrifa::FontRef::new(data).ok()?;
    let glyph = font.charmap().map(c)?;
    font.glyph_metrics(Size::new(1.0), LocationRef::default())
        .advance_width(glyph)
}

/// How wide `c` is drawn, in ems; `None` when Inter has no glyph for it.
pub fn advance(weight: Weight, c: char) -> Option<f32> {
    match (c as u32) < TABLED {
        true => advances(weight).0[c as usize],
        false => advance_of(
            match weight {
                Weight::Regular => REGULAR,
                Weight::Bold => BOLD,
            },
            c as u32,
        ),
    }
}
