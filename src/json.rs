//! JSON written for other programs (JSON-LD, JSON Resume): optional fields left out.

/// Removes nulls, empty strings, empty lists and empty objects, so optional
/// fields are left out rather than written empty.
pub fn prune(mut value: serde_json::Value) -> serde_json::Value {
    prune_in_place(&mut value);
    value
}

/// [`prune`] without rebuilding a map or list: every person's JSON Resume and JSON-LD goes
/// through here, and collecting a new map for each object cost more than making them.
fn prune_in_place(value: &mut serde_json::Value) {
    use serde_json::Value;
    let empty = |v: &Value| match v {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    };
    match value {
        Value::Object(map) => {
            map.values_mut().for_each(prune_in_place);
            map.retain(|_, v| !empty(v));
        }
        Value::Array(items) => {
            items.iter_mut().for_each(prune_in_place);
            items.retain(|v| !empty(v));
        }
        _ => {}
    }
}

/// `value` as JSON that no HTML parser can read markup in: `<`, `>` and `&` occur only
/// inside JSON strings, and are written there as their `\u` escapes, which mean the same.
/// For JSON-LD inside `<script>`, and for JSON files (JSON Resume) that a browser or a
/// careless consumer might show as HTML. `pretty` indents by two spaces, as
/// `serde_json::to_string_pretty` does.
pub fn markup_safe<T: serde::Serialize + ?Sized>(value: &T, pretty: bool) -> String {
    let mut out = Vec::with_capacity(4096);
    let written = if pretty {
        let mut ser = serde_json::Serializer::with_formatter(
            &mut out,
            MarkupSafe(serde_json::ser::PrettyFormatter::new()),
        );
        value.serialize(&mut ser)
    } else {
        let mut ser = serde_json::Serializer::with_formatter(
            &mut out,
            MarkupSafe(serde_json::ser::CompactFormatter),
        );
        value.serialize(&mut ser)
    };
    match written {
        // serde_json writes only UTF-8, and only the ASCII escapes are added to it.
        Ok(()) => String::from_utf8(out).unwrap_or_default(),
        Err(_) => String::new(),
    }
}

/// A serde_json formatter that escapes markup's characters in strings as it writes them
/// (one pass, where replacing them in the finished text took three), and lays out the rest
/// as `F` does.
struct MarkupSafe<F>(F);

impl<F: serde_json::ser::Formatter> serde_json::ser::Formatter for MarkupSafe<F> {
    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        // By bytes, not chars: the three are ASCII, and a search for a set of chars decodes
        // every character of every string in the résumés and JSON-LD.
        let bytes = fragment.as_bytes();
        let mut start = 0;
        for (at, byte) in bytes.iter().enumerate() {
            let escaped: &[u8] = match byte {
                b'<' => b"\\u003c",
                b'>' => b"\\u003e",
                b'&' => b"\\u0026",
                _ => continue,
            };
            writer.write_all(&bytes[start..at])?;
            writer.write_all(escaped)?;
            start = at + 1;
        }
        writer.write_all(&bytes[start..])
    }

    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_array(w)
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array(w)
    }

    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_array_value(w, first)
    }

    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array_value(w)
    }

    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object(w)
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object(w)
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_object_key(w, first)
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object_value(w)
    }

    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object_value(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prune_leaves_out_empty_fields() {
        let v = serde_json::json!({ "a": null, "b": "", "c": [], "d": { "e": null }, "f": [1, null], "g": "x" });
        assert_eq!(prune(v), serde_json::json!({ "f": [1], "g": "x" }));
    }

    #[test]
    fn markup_safe_escapes_markup_only_inside_strings() {
        let v = serde_json::json!({ "a<b": "</script><b>&amp;", "n": [1, "x>y"] });
        let compact = markup_safe(&v, false);
        assert_eq!(
            compact,
            r#"{"a\u003cb":"\u003c/script\u003e\u003cb\u003e\u0026amp;","n":[1,"x\u003ey"]}"#
        );
        assert!(!compact.contains(['<', '>', '&']));
        let pretty = markup_safe(&v, true);
        assert_eq!(
            pretty,
            serde_json::to_string_pretty(&v)
                .unwrap()
                .replace('<', "\\u003c")
                .replace('>', "\\u003e")
                .replace('&', "\\u0026")
        );
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&pretty).unwrap(),
            v
        );
    }
}
