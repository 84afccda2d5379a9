//! Profiles from other formats: `folio import jsonresume`.
