//! Places as people write them ("Rome, Italy", "San Francisco, CA, USA") and as JSON Resume
//! and vCard hold them: a city, a region and an ISO 3166-1 alpha-2 country code.

use celes::Country;

/// A place split into parts; a part that cannot be recognised stays in `city` or `region`
/// as written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Place {
    pub city: Option<String>,
    pub region: Option<String>,
    /// ISO 3166-1 alpha-2, e.g. "IT".
    pub country: Option<&'static str>,
}

/// Words that make a place no city: "Remote", "Virtual", "Online", "Anywhere".
const NOWHERE: &[&str] = &["remote", "virtual", "online", "anywhere", "worldwide"];

/// Two-letter US states and territories, with their names.
const US_STATES: &[(&str, &str)] = &[
    ("AL", "Alabama"),
    ("AK", "Alaska"),
    ("AZ", "Arizona"),
    ("AR", "Arkansas"),
    ("CA", "California"),
    ("CO", "Colorado"),
    ("CT", "Connecticut"),
    ("DE", "Delaware"),
    ("DC", "District of Columbia"),
    ("FL", "Florida"),
    ("GA", "Georgia"),
    ("HI", "Hawaii"),
    ("ID", "Idaho"),
    ("IL", "Illinois"),
    ("IN", "Indiana"),
    ("IA", "Iowa"),
    ("KS", "Kansas"),
    ("KY", "Kentucky"),
    ("LA", "Louisiana"),
    ("ME", "Maine"),
    ("MD", "Maryland"),
    ("MA", "Massachusetts"),
    ("MI", "Michigan"),
    ("MN", "Minnesota"),
    ("MS", "Mississippi"),
    ("MO", "Missouri"),
    ("MT", "Montana"),
    ("NE", "Nebraska"),
    ("NV", "Nevada"),
    ("NH", "New Hampshire"),
    ("NJ", "New Jersey"),
    ("NM", "New Mexico"),
    ("NY", "New York"),
    ("NC", "North Carolina"),
    ("ND", "North Dakota"),
    ("OH", "Ohio"),
    ("OK", "Oklahoma"),
    ("OR", "Oregon"),
    ("PA", "Pennsylvania"),
    ("RI", "Rhode Island"),
    ("SC", "South Carolina"),
    ("SD", "South Dakota"),
    ("TN", "Tennessee"),
    ("TX", "Texas"),
    ("UT", "Utah"),
    ("VT", "Vermont"),
    ("VA", "Virginia"),
    ("WA", "Washington"),
    ("WV", "West Virginia"),
    ("WI", "Wisconsin"),
    ("WY", "Wyoming"),
    ("PR", "Puerto Rico"),
    ("GU", "Guam"),
    ("VI", "U.S. Virgin Islands"),
    ("AS", "American Samoa"),
    ("MP", "Northern Mariana Islands"),
];

const CA_PROVINCES: &[(&str, &str)] = &[
    ("AB", "Alberta"),
    ("BC", "British Columbia"),
    ("MB", "Manitoba"),
    ("NB", "New Brunswick"),
    ("NL", "Newfoundland and Labrador"),
    ("NS", "Nova Scotia"),
    ("NT", "Northwest Territories"),
    ("NU", "Nunavut"),
    ("ON", "Ontario"),
    ("PE", "Prince Edward Island"),
    ("QC", "Quebec"),
    ("SK", "Saskatchewan"),
    ("YT", "Yukon"),
];

/// Names people write that celes does not know, and the code they stand for.
const ALIASES: &[(&str, &str)] = &[
    ("uk", "GB"),
    ("unitedkingdom", "GB"),
    ("greatbritain", "GB"),
    ("britain", "GB"),
    ("scotland", "GB"),
    ("wales", "GB"),
    ("northernireland", "GB"),
    ("uae", "AE"),
    ("unitedarabemirates", "AE"),
    ("korea", "KR"),
    ("cotedivoire", "CI"),
    ("us", "US"),
    ("unitedstatesofamerica", "US"),
    ("czechia", "CZ"),
    ("thenetherlands", "NL"),
];

/// How a country is named when a place is written out: the short name people use, where
/// ISO's long one would read oddly ("The United States Of America").
const NAMES: &[(&str, &str)] = &[
    ("US", "USA"),
    ("GB", "UK"),
    ("AE", "United Arab Emirates"),
    ("KR", "South Korea"),
    ("KP", "North Korea"),
    ("RU", "Russia"),
    ("NL", "Netherlands"),
    ("CZ", "Czech Republic"),
    ("TW", "Taiwan"),
    ("VN", "Vietnam"),
    ("IR", "Iran"),
    ("SY", "Syria"),
    ("TR", "Turkey"),
    ("BO", "Bolivia"),
    ("VE", "Venezuela"),
    ("TZ", "Tanzania"),
    ("MD", "Moldova"),
    ("LA", "Laos"),
    ("CD", "DR Congo"),
    ("CG", "Congo"),
    ("PH", "Philippines"),
    ("DO", "Dominican Republic"),
    ("SD", "Sudan"),
    ("GM", "Gambia"),
    ("BS", "Bahamas"),
    ("NE", "Niger"),
    ("KM", "Comoros"),
    ("CI", "Côte d'Ivoire"),
    ("MK", "North Macedonia"),
    ("PS", "Palestine"),
    ("VA", "Vatican City"),
    ("FM", "Micronesia"),
    ("BN", "Brunei"),
];

impl Place {
    /// Splits a place as written: "Rome, Italy" -> Rome, IT; "San Francisco, CA, USA" ->
    /// San Francisco, CA, US; "Austin, Texas" -> Austin, Texas, US. Text that is no single
    /// place ("Remote", "Madrid, Spain; remote since 2020") stays whole in `city`.
    pub fn parse(text: &str) -> Place {
        let text = text.trim();
        if text.is_empty() {
            return Place::default();
        }
        let mut parts: Vec<&str> = text.split(',').map(str::trim).collect();
        let lower = text.to_lowercase();
        let whole = text.contains([';', '/', '('])
            || parts.len() > 4
            || parts.iter().any(|p| p.is_empty())
            || lower
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| NOWHERE.contains(&w));
        if whole {
            return Place {
                city: Some(text.to_string()),
                ..Place::default()
            };
        }
        let mut place = Place::default();
        if let Some(code) = parts.last().and_then(|p| country_code(p)) {
            place.country = Some(code);
            parts.pop();
        }
        if parts.len() >= 2 && place.country.is_none_or(|c| c == "US" || c == "CA") {
            let last = parts[parts.len() - 1];
            let subdivision = |table: &[(&str, &str)]| {
                table
                    .iter()
                    .any(|(code, name)| last == *code || last.eq_ignore_ascii_case(name))
            };
            // Two-letter codes that are both a state and a country read as the state:
            // "Berlin, DE" is Delaware; write "Berlin, Germany".
            if place.country != Some("CA") && subdivision(US_STATES) {
                place.country = Some("US");
            } else if place.country != Some("US") && subdivision(CA_PROVINCES) {
                place.country = Some("CA");
            }
        }
        let mut parts = parts.into_iter();
        place.city = parts.next().map(str::to_string);
        let rest: Vec<&str> = parts.collect();
        place.region = (!rest.is_empty()).then(|| rest.join(", "));
        place
    }

    /// The place written out again: "Rome, Italy", "San Francisco, CA, USA".
    pub fn text(&self) -> String {
        let country = self.country.map(country_name);
        [
            self.city.as_deref(),
            self.region.as_deref(),
            country.as_deref(),
        ]
        .into_iter()
        .flatten()
        .filter(|p| !p.trim().is_empty())
        .collect::<Vec<_>>()
        .join(", ")
    }
}

/// The alpha-2 code of a country written by name, alias or alpha-3 ("Italy", "USA",
/// "U.K.", "Deutschland" is not known); two-letter codes are not read as countries.
pub fn country_code(text: &str) -> Option<&'static str> {
    let key: String = deunicode::deunicode(text)
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    if key.len() < 3 {
        return ALIASES.iter().find(|(k, _)| *k == key).map(|(_, c)| *c);
    }
    if let Some((_, code)) = ALIASES.iter().find(|(k, _)| *k == key) {
        return Some(code);
    }
    Country::from_name(&key)
        .or_else(|_| Country::from_alias(&key))
        .or_else(|_| Country::from_name(key.trim_start_matches("the")))
        .or_else(|_| match key.len() {
            3 => Country::from_alpha3(&key),
            _ => Err("not a code"),
        })
        .ok()
        .map(|c| c.alpha2)
}

/// A country's name for an alpha-2 code, or the code itself when it is no country.
pub fn country_name(code: &str) -> String {
    let code = code.trim().to_ascii_uppercase();
    if let Some((_, name)) = NAMES.iter().find(|(c, _)| *c == code) {
        return name.to_string();
    }
    match Country::from_alpha2(&code) {
        Ok(country) => country.long_name.trim_start_matches("The ").to_string(),
        Err(_) => code,
    }
}

/// A country's full name for an address (vCard): "United States", not "USA".
pub fn country_full_name(code: &str) -> String {
    match code {
        "US" => "United States".into(),
        "GB" => "United Kingdom".into(),
        other => country_name(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(city: &str, region: Option<&str>, country: Option<&'static str>) -> Place {
        Place {
            city: Some(city.into()),
            region: region.map(String::from),
            country,
        }
    }

    #[test]
    fn parse_recognises_countries_states_and_provinces() {
        assert_eq!(Place::parse("Rome, Italy"), place("Rome", None, Some("IT")));
        assert_eq!(
            Place::parse("San Francisco, CA, USA"),
            place("San Francisco", Some("CA"), Some("US"))
        );
        assert_eq!(
            Place::parse("San Diego, CA"),
            place("San Diego", Some("CA"), Some("US"))
        );
        assert_eq!(
            Place::parse("Austin, Texas"),
            place("Austin", Some("Texas"), Some("US"))
        );
        assert_eq!(
            Place::parse("Toronto, ON"),
            place("Toronto", Some("ON"), Some("CA"))
        );
        assert_eq!(
            Place::parse("London, UK"),
            place("London", None, Some("GB"))
        );
        assert_eq!(
            Place::parse("Seoul, South Korea"),
            place("Seoul", None, Some("KR"))
        );
        assert_eq!(Place::parse("Berlin"), place("Berlin", None, None));
        assert_eq!(Place::parse("Remote"), place("Remote", None, None));
        assert_eq!(
            Place::parse("Madrid, Spain; 100% remote since March 2020"),
            place("Madrid, Spain; 100% remote since March 2020", None, None)
        );
        assert_eq!(
            Place::parse("Spain, 100% Remote").city.as_deref(),
            Some("Spain, 100% Remote")
        );
        assert_eq!(
            Place::parse("Italy"),
            Place {
                country: Some("IT"),
                ..Place::default()
            }
        );
    }

    #[test]
    fn text_writes_the_place_out_again() {
        for text in [
            "Rome, Italy",
            "San Francisco, CA, USA",
            "Berlin",
            "Remote",
            "London, UK",
        ] {
            assert_eq!(Place::parse(text).text(), text);
        }
        assert_eq!(country_name("RU"), "Russia");
        assert_eq!(country_name("IT"), "Italy");
    }
}
