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
