//! How names are searched and sorted, the same on SQLite and PostgreSQL: the server stores a folded search
//! text and a sort key beside each name, computed here, so that neither database needs collations or
//! extensions for it.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// A text as it is stored and searched: trimmed and in Unicode NFC, so that `Zoë` typed as one character
/// or as `e` with a combining diaeresis is the same name (and the same length).
pub fn clean(text: &str) -> String {
    // The information separators (U+001C-U+001F) go too: the OpenAPI document's `\S` (a required text has
    // a character that is not white space) counts them as white space.
    text.trim_matches(|c: char| c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)).nfc().collect()
}

/// Lower case without accents: `Éénhoorn` and `eenhoorn` search alike.
pub fn fold(text: &str) -> String {
    text.nfd().filter(|c| !is_combining_mark(*c)).collect::<String>().to_lowercase()
}

/// The Dutch name particles (voorvoegsels of the BRP) that a surname's place in a list ignores. An article
/// that is part of the surname itself (El Amrani, Al Khatib) is not one of them.
const PARTICLES: &[&str] = &[
    "van", "de", "der", "den", "het", "'t", "t", "te", "ten", "ter", "in", "op", "aan", "bij", "uit", "voor", "onder",
    "la", "le", "du", "des", "d'", "l'", "da", "dos",
];

/// The sort key of a person's name: the surname without its particles first, then the particles, then the
/// first name, folded. So "de Boer" sorts among the Bs, "van der Berg" beside "Berg", "Éénhoorn" with "E".
pub fn sort_name(last: &str, first: &str) -> String {
    let folded = fold(last);
    let words: Vec<&str> = folded.split_whitespace().collect();
    let particles = words.iter().take_while(|w| PARTICLES.contains(w)).count().min(words.len().saturating_sub(1));
    let (front, core) = words.split_at(particles);
    let mut key = core.join(" ");
    if !front.is_empty() {
        key.push_str(", ");
        key.push_str(&front.join(" "));
    }
    key.push_str("; ");
    key.push_str(&fold(first.trim()));
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_article_of_the_surname_itself_stays_in_front() {
        assert!(sort_name("El Amrani", "Fatma") > sort_name("Dijkstra", "Anna"));
        assert_eq!(sort_name("van 't Hof", "Kees"), "hof, van 't; kees");
    }

    #[test]
    fn cleaning_trims_and_composes() {
        assert_eq!(clean("  Zoe\u{308} "), "Zo\u{eb}");
        assert_eq!(clean("Zo\u{eb}"), "Zo\u{eb}");
    }

    #[test]
    fn folding_drops_case_and_accents() {
        assert_eq!(fold("Éénhoorn-Çelik"), "eenhoorn-celik");
        assert_eq!(fold("ÖZTÜRK"), "ozturk");
    }

    #[test]
    fn names_sort_as_people_expect() {
        let mut names = [
            ("Dijkstra", "Anna"),
            ("de Boer", "Sanne"),
            ("Bakker", "Piet"),
            ("van der Berg", "Jan"),
            ("Éénhoorn", "Els"),
            ("Berg", "Kees"),
            ("De", "Ria"),
        ];
        names.sort_by_key(|(last, first)| sort_name(last, first));
        let order: Vec<&str> = names.iter().map(|(last, _)| *last).collect();
        assert_eq!(order, vec!["Bakker", "van der Berg", "Berg", "de Boer", "De", "Dijkstra", "Éénhoorn"]);
    }
}
