//! Small words for the pages: initials.

/// "Guido Iaquinti" -> "GI"; one name -> its first letter.
pub(super) fn initials(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    let first = |w: &str| {
        w.chars()
            .next()
            .map(|c| c.to_uppercase().to_string())
            .unwrap_or_default()
    };
    match words.as_slice() {
        [] => String::new(),
        [one] => first(one),
        [a, .., b] => first(a) + &first(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_take_first_and_last_words() {
        assert_eq!(initials("Guido Iaquinti"), "GI");
        assert_eq!(initials("Peter  van der Bourgon"), "PB");
        assert_eq!(initials("dsaiztc"), "D");
        assert_eq!(initials("Zoë Ångström"), "ZÅ");
    }
}
