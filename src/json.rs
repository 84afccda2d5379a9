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

/// JSON that no HTML parser can read markup in: `<`, `>` and `&` occur only inside JSON
/// strings, where their `\u` escapes mean the same. For JSON-LD inside `<script>`, and
/// for JSON files (JSON Resume) that a browser or a careless consumer might show as HTML.
pub fn markup_safe(json: String) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prune_leaves_out_empty_fields() {
        let v = serde_json::json!({ "a": null, "b": "", "c": [], "d": { "e": null }, "f": [1, null], "g": "x" });
        assert_eq!(prune(v), serde_json::json!({ "f": [1], "g": "x" }));
    }
}
