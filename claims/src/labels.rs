//! The words a ticket is written in, for each of the eight supported languages.
//!
//! Arrays are indexed by the enumerations' declaration order (`FlowType::ALL`, ...), so adding a
//! variant without a label fails to compile instead of showing a code to an agent.

use crate::claim::Language;

/// Every label of one language.
pub(crate) struct Labels {
    /// Flow types, in `FlowType::ALL` order.
    pub flows: [&'static str; 7],
    /// Known reasons, in `KnownReason::ALL` order.
    pub reasons: [&'static str; 5],
    /// Known resolution preferences, in `KnownPreference::ALL` order.
    pub preferences: [&'static str; 3],
    /// Shipment phases, in `ShipmentPhase::ALL` order.
    pub phases: [&'static str; 12],
    /// "order" as it reads inside a subject ("Damaged item – order #1001").
    pub order_in_subject: &'static str,
    /// Heading of the order block.
    pub order: &'static str,
    /// Order number label.
    pub order_number: &'static str,
    /// Carrier label.
    pub carrier: &'static str,
    /// Tracking number label.
    pub tracking_number: &'static str,
    /// Shipment phase label.
    pub shipment_phase: &'static str,
    /// Delivery address label.
    pub address: &'static str,
    /// Heading of the item table.
    pub items: &'static str,
    /// SKU column.
    pub sku: &'static str,
    /// Item title column.
    pub title: &'static str,
    /// Quantity column.
    pub quantity: &'static str,
    /// Net price column.
    pub net_price: &'static str,
    /// Heading of the claim block.
    pub claim: &'static str,
    /// Flow type label.
    pub claim_type: &'static str,
    /// Reason label.
    pub reason: &'static str,
    /// Resolution preference label.
    pub preference: &'static str,
}

/// The labels of `language`.
pub(crate) fn of(language: Language) -> &'static Labels {
    match language {
        Language::En => &EN,
        Language::De => &DE,
        Language::Fr => &FR,
        Language::Es => &ES,
        Language::It => &IT,
        Language::Nl => &NL,
        Language::Da => &DA,
        Language::Pl => &PL,
    }
}

const EN: Labels = Labels {
    flows: [
        "Defective item",
        "Parcel not received",
        "Missing item",
        "Wrong item",
        "Return",
        "Not satisfied",
        "Support request",
    ],
    reasons: [
        "Partially damaged item",
        "Damaged item",
        "Shipment investigation",
        "Support request",
        "Return",
    ],
    preferences: ["Refund", "Replacement", "Store credit"],
    phases: [
        "Order placed",
        "Order processed",
        "In transit",
        "Out for delivery",
        "Delivered",
        "Delivery failed",
        "Ready for pickup",
        "Return created",
        "Return in transit",
        "Return received",
        "Returned",
        "Return failed",
    ],
    order_in_subject: "order",
    order: "Order",
    order_number: "Order number",
    carrier: "Carrier",
    tracking_number: "Tracking number",
    shipment_phase: "Shipment status",
    address: "Delivery address",
    items: "Affected items",
    sku: "SKU",
    title: "Item",
    quantity: "Quantity",
    net_price: "Net price",
    claim: "Claim",
    claim_type: "Claim type",
    reason: "Reason",
    preference: "Preferred resolution",
};

const DE: Labels = Labels {
    flows: [
        "Defekter Artikel",
        "Paket nicht erhalten",
        "Fehlender Artikel",
        "Falscher Artikel",
        "Rücksendung",
        "Unzufrieden",
        "Support-Anfrage",
    ],
    reasons: [
        "Teilweise beschädigter Artikel",
        "Beschädigter Artikel",
        "Sendungsnachforschung",
        "Support-Anfrage",
        "Rücksendung",
    ],
    preferences: ["Erstattung", "Ersatz", "Shop-Guthaben"],
    phases: [
        "Bestellung aufgegeben",
        "Bestellung bearbeitet",
        "Unterwegs",
        "In Zustellung",
        "Zugestellt",
        "Zustellung fehlgeschlagen",
        "Zur Abholung bereit",
        "Rücksendung angelegt",
        "Rücksendung unterwegs",
        "Rücksendung eingegangen",
        "Zurückgesendet",
        "Rücksendung fehlgeschlagen",
    ],
    order_in_subject: "Bestellung",
    order: "Bestellung",
    order_number: "Bestellnummer",
    carrier: "Versanddienstleister",
    tracking_number: "Sendungsnummer",
    shipment_phase: "Sendungsstatus",
    address: "Lieferadresse",
    items: "Betroffene Artikel",
    sku: "SKU",
    title: "Artikel",
    quantity: "Menge",
    net_price: "Nettopreis",
    claim: "Reklamation",
    claim_type: "Art der Reklamation",
    reason: "Grund",
    preference: "Gewünschte Lösung",
};

const FR: Labels = Labels {
    flows: [
        "Article défectueux",
        "Colis non reçu",
        "Article manquant",
        "Mauvais article",
        "Retour",
        "Client insatisfait",
        "Demande d'assistance",
    ],
    reasons: [
        "Article partiellement endommagé",
        "Article endommagé",
        "Enquête sur l'envoi",
        "Demande d'assistance",
        "Retour",
    ],
    preferences: ["Remboursement", "Remplacement", "Avoir"],
    phases: [
        "Commande passée",
        "Commande traitée",
        "En transit",
        "En cours de livraison",
        "Livré",
        "Échec de la livraison",
        "Prêt à être retiré",
        "Retour créé",
        "Retour en transit",
        "Retour reçu",
        "Retourné",
        "Échec du retour",
    ],
    order_in_subject: "commande",
    order: "Commande",
    order_number: "Numéro de commande",
    carrier: "Transporteur",
    tracking_number: "Numéro de suivi",
    shipment_phase: "Statut de l'envoi",
    address: "Adresse de livraison",
    items: "Articles concernés",
    sku: "SKU",
    title: "Article",
    quantity: "Quantité",
    net_price: "Prix net",
    claim: "Réclamation",
    claim_type: "Type de réclamation",
    reason: "Motif",
    preference: "Solution souhaitée",
};

const ES: Labels = Labels {
    flows: [
        "Artículo defectuoso",
        "Paquete no recibido",
        "Artículo faltante",
        "Artículo equivocado",
        "Devolución",
        "Cliente insatisfecho",
        "Solicitud de soporte",
    ],
    reasons: [
        "Artículo parcialmente dañado",
        "Artículo dañado",
        "Investigación del envío",
        "Solicitud de soporte",
        "Devolución",
    ],
    preferences: ["Reembolso", "Reemplazo", "Saldo en la tienda"],
    phases: [
        "Pedido realizado",
        "Pedido procesado",
        "En tránsito",
        "En reparto",
        "Entregado",
        "Entrega fallida",
        "Listo para recoger",
        "Devolución creada",
        "Devolución en tránsito",
        "Devolución recibida",
        "Devuelto",
        "Devolución fallida",
    ],
    order_in_subject: "pedido",
    order: "Pedido",
    order_number: "Número de pedido",
    carrier: "Transportista",
    tracking_number: "Número de seguimiento",
    shipment_phase: "Estado del envío",
    address: "Dirección de entrega",
    items: "Artículos afectados",
    sku: "SKU",
    title: "Artículo",
    quantity: "Cantidad",
    net_price: "Precio neto",
    claim: "Reclamación",
    claim_type: "Tipo de reclamación",
    reason: "Motivo",
    preference: "Solución preferida",
};

const IT: Labels = Labels {
    flows: [
        "Articolo difettoso",
        "Pacco non ricevuto",
        "Articolo mancante",
        "Articolo sbagliato",
        "Reso",
        "Cliente insoddisfatto",
        "Richiesta di assistenza",
    ],
    reasons: [
        "Articolo parzialmente danneggiato",
        "Articolo danneggiato",
        "Indagine sulla spedizione",
        "Richiesta di assistenza",
        "Reso",
    ],
    preferences: ["Rimborso", "Sostituzione", "Credito nel negozio"],
    phases: [
        "Ordine effettuato",
        "Ordine elaborato",
        "In transito",
        "In consegna",
        "Consegnato",
        "Consegna non riuscita",
        "Pronto per il ritiro",
        "Reso creato",
        "Reso in transito",
        "Reso ricevuto",
        "Restituito",
        "Reso non riuscito",
    ],
    order_in_subject: "ordine",
    order: "Ordine",
    order_number: "Numero d'ordine",
    carrier: "Corriere",
    tracking_number: "Numero di tracciamento",
    shipment_phase: "Stato della spedizione",
    address: "Indirizzo di consegna",
    items: "Articoli interessati",
    sku: "SKU",
    title: "Articolo",
    quantity: "Quantità",
    net_price: "Prezzo netto",
    claim: "Reclamo",
    claim_type: "Tipo di reclamo",
    reason: "Motivo",
    preference: "Soluzione preferita",
};

const NL: Labels = Labels {
    flows: [
        "Defect artikel",
        "Pakket niet ontvangen",
        "Ontbrekend artikel",
        "Verkeerd artikel",
        "Retour",
        "Niet tevreden",
        "Supportvraag",
    ],
    reasons: [
        "Gedeeltelijk beschadigd artikel",
        "Beschadigd artikel",
        "Onderzoek naar zending",
        "Supportvraag",
        "Retour",
    ],
    preferences: ["Terugbetaling", "Vervanging", "Winkeltegoed"],
    phases: [
        "Bestelling geplaatst",
        "Bestelling verwerkt",
        "Onderweg",
        "Wordt bezorgd",
        "Bezorgd",
        "Bezorging mislukt",
        "Klaar om op te halen",
        "Retour aangemaakt",
        "Retour onderweg",
        "Retour ontvangen",
        "Geretourneerd",
        "Retour mislukt",
    ],
    order_in_subject: "bestelling",
    order: "Bestelling",
    order_number: "Bestelnummer",
    carrier: "Vervoerder",
    tracking_number: "Trackingnummer",
    shipment_phase: "Verzendstatus",
    address: "Afleveradres",
    items: "Betrokken artikelen",
    sku: "SKU",
    title: "Artikel",
    quantity: "Aantal",
    net_price: "Nettoprijs",
    claim: "Claim",
    claim_type: "Soort claim",
    reason: "Reden",
    preference: "Gewenste oplossing",
};

const DA: Labels = Labels {
    flows: [
        "Defekt vare",
        "Pakke ikke modtaget",
        "Manglende vare",
        "Forkert vare",
        "Returnering",
        "Ikke tilfreds",
        "Supporthenvendelse",
    ],
    reasons: [
        "Delvist beskadiget vare",
        "Beskadiget vare",
        "Undersøgelse af forsendelse",
        "Supporthenvendelse",
        "Returnering",
    ],
    preferences: [
        "Refundering",
        "Erstatningsvare",
        "Tilgodehavende i butikken",
    ],
    phases: [
        "Ordre afgivet",
        "Ordre behandlet",
        "Undervejs",
        "Under udbringning",
        "Leveret",
        "Levering mislykkedes",
        "Klar til afhentning",
        "Returnering oprettet",
        "Returnering undervejs",
        "Returnering modtaget",
        "Returneret",
        "Returnering mislykkedes",
    ],
    order_in_subject: "ordre",
    order: "Ordre",
    order_number: "Ordrenummer",
    carrier: "Fragtfirma",
    tracking_number: "Trackingnummer",
    shipment_phase: "Forsendelsesstatus",
    address: "Leveringsadresse",
    items: "Berørte varer",
    sku: "SKU",
    title: "Vare",
    quantity: "Antal",
    net_price: "Nettopris",
    claim: "Reklamation",
    claim_type: "Type reklamation",
    reason: "Årsag",
    preference: "Ønsket løsning",
};

const PL: Labels = Labels {
    flows: [
        "Wadliwy produkt",
        "Paczka nie dotarła",
        "Brakujący produkt",
        "Niewłaściwy produkt",
        "Zwrot",
        "Klient niezadowolony",
        "Prośba o pomoc",
    ],
    reasons: [
        "Częściowo uszkodzony produkt",
        "Uszkodzony produkt",
        "Wyjaśnianie przesyłki",
        "Prośba o pomoc",
        "Zwrot",
    ],
    preferences: ["Zwrot pieniędzy", "Wymiana", "Środki w sklepie"],
    phases: [
        "Zamówienie złożone",
        "Zamówienie przetworzone",
        "W transporcie",
        "W doręczeniu",
        "Doręczono",
        "Doręczenie nieudane",
        "Gotowe do odbioru",
        "Zwrot utworzony",
        "Zwrot w transporcie",
        "Zwrot otrzymany",
        "Zwrócono",
        "Zwrot nieudany",
    ],
    order_in_subject: "zamówienie",
    order: "Zamówienie",
    order_number: "Numer zamówienia",
    carrier: "Przewoźnik",
    tracking_number: "Numer przesyłki",
    shipment_phase: "Status przesyłki",
    address: "Adres dostawy",
    items: "Produkty objęte zgłoszeniem",
    sku: "SKU",
    title: "Produkt",
    quantity: "Ilość",
    net_price: "Cena netto",
    claim: "Zgłoszenie",
    claim_type: "Rodzaj zgłoszenia",
    reason: "Powód",
    preference: "Preferowane rozwiązanie",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_label_of_every_language_is_filled_in_and_single_line() {
        for language in Language::ALL {
            let labels = of(language);
            let all = labels
                .flows
                .iter()
                .chain(&labels.reasons)
                .chain(&labels.preferences)
                .chain(&labels.phases)
                .chain([
                    &labels.order_in_subject,
                    &labels.order,
                    &labels.order_number,
                    &labels.carrier,
                    &labels.tracking_number,
                    &labels.shipment_phase,
                    &labels.address,
                    &labels.items,
                    &labels.sku,
                    &labels.title,
                    &labels.quantity,
                    &labels.net_price,
                    &labels.claim,
                    &labels.claim_type,
                    &labels.reason,
                    &labels.preference,
                ]);
            for label in all {
                assert!(!label.trim().is_empty(), "{language:?}");
                assert!(!label.contains('\n'), "{language:?}: {label}");
            }
        }
    }

    #[test]
    fn languages_other_than_english_are_translated() {
        // A table copied from English and never translated would slip through the test above.
        for language in Language::ALL.into_iter().filter(|l| *l != Language::En) {
            let labels = of(language);
            assert_ne!(labels.flows[0], EN.flows[0], "{language:?}");
            assert_ne!(labels.order_number, EN.order_number, "{language:?}");
            assert_ne!(labels.phases[4], EN.phases[4], "{language:?}");
        }
    }
}
