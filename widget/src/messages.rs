//! The tile's words in each of the eight languages.
//!
//! Written as a shop would write them for its customers in that language, not translated word by
//! word: German uses the polite "Sie", French its no-break space before "?", Spanish and Dutch
//! the informal address their web shops use.

use crate::language::Language;

/// Everything the tile says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Messages {
    /// The tile's heading.
    pub title: &'static str,
    /// One line under the heading.
    pub text: &'static str,
    /// The button's visible text.
    pub button: &'static str,
    /// The button's accessible name: starts with the visible text and says where it leads.
    pub button_label: &'static str,
}

/// The tile's words in `language`.
pub fn messages(language: Language) -> &'static Messages {
    match language {
        Language::English => &EN,
        Language::German => &DE,
        Language::French => &FR,
        Language::Spanish => &ES,
        Language::Italian => &IT,
        Language::Dutch => &NL,
        Language::Danish => &DA,
        Language::Polish => &PL,
    }
}

const EN: Messages = Messages {
    title: "Problem with your order?",
    text: "Report a damaged, missing or wrong item, or start a return.",
    button: "Report a problem",
    button_label: "Report a problem – opens the claim form",
};

const DE: Messages = Messages {
    title: "Probleme mit Ihrer Bestellung?",
    text:
        "Melden Sie beschädigte, fehlende oder falsche Artikel oder starten Sie eine Rücksendung.",
    button: "Problem melden",
    button_label: "Problem melden – öffnet das Reklamationsformular",
};

const FR: Messages = Messages {
    title: "Un problème avec votre commande\u{a0}?",
    text: "Signalez un article endommagé, manquant ou non conforme, ou demandez un retour.",
    button: "Signaler un problème",
    button_label: "Signaler un problème – ouvre le formulaire de réclamation",
};

const ES: Messages = Messages {
    title: "¿Algún problema con tu pedido?",
    text: "Avísanos si un artículo ha llegado dañado, falta o no es el que pediste, o solicita una devolución.",
    button: "Informar de un problema",
    button_label: "Informar de un problema – abre el formulario de reclamación",
};

const IT: Messages = Messages {
    title: "Problemi con il tuo ordine?",
    text: "Segnala un articolo danneggiato, mancante o sbagliato, oppure richiedi un reso.",
    button: "Segnala un problema",
    button_label: "Segnala un problema – apre il modulo di reclamo",
};

const NL: Messages = Messages {
    title: "Probleem met je bestelling?",
    text: "Meld een beschadigd, ontbrekend of verkeerd artikel, of meld je retour aan.",
    button: "Probleem melden",
    button_label: "Probleem melden – opent het meldingsformulier",
};

const DA: Messages = Messages {
    title: "Problemer med din ordre?",
    text: "Giv besked om en beskadiget, manglende eller forkert vare, eller start en returnering.",
    button: "Meld et problem",
    button_label: "Meld et problem – åbner reklamationsformularen",
};

const PL: Messages = Messages {
    title: "Problem z zamówieniem?",
    text: "Zgłoś uszkodzony, brakujący lub niewłaściwy produkt albo rozpocznij zwrot.",
    button: "Zgłoś problem",
    button_label: "Zgłoś problem – otwiera formularz reklamacji",
};

#[cfg(test)]
mod tests {
    use super::*;
    use std::prelude::rust_2021::*;

    #[test]
    fn every_language_has_every_message() {
        for language in Language::ALL {
            let m = messages(language);
            for text in [m.title, m.text, m.button, m.button_label] {
                assert!(!text.trim().is_empty(), "{language:?}");
                assert_eq!(text, text.trim(), "{language:?}: stray whitespace");
            }
        }
    }

    #[test]
    fn the_accessible_name_starts_with_the_visible_text() {
        // WCAG 2.5.3 (label in name): speech users say what they see.
        for language in Language::ALL {
            let m = messages(language);
            assert!(m.button_label.starts_with(m.button), "{language:?}");
            assert!(m.button_label.len() > m.button.len(), "{language:?}");
        }
    }

    #[test]
    fn no_language_reuses_another_languages_text() {
        for a in Language::ALL {
            for b in Language::ALL {
                if a != b {
                    assert_ne!(messages(a).title, messages(b).title, "{a:?} and {b:?}");
                    assert_ne!(messages(a).text, messages(b).text, "{a:?} and {b:?}");
                }
            }
        }
    }
}
