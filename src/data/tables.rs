//! The tables of a region's data (docs/data.md): each a sheet of the workbook and a CSV
//! file of the same name, with its columns, what each holds, in Dutch and English. Column
//! names follow what regions export from their declaration systems (iJW 303 declarations,
//! 305/307 start and stop messages).

/// What a column holds, and so how a cell is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    /// A whole number ≥ 0 (youths, clients, places).
    Whole,
    /// A number ≥ 0 (units, fte, shares).
    Number,
    /// An amount in € ≥ 0, at most two decimals.
    Money,
    /// A month, `YYYY-MM`.
    Month,
    /// A date, `YYYY-MM-DD` (or `YYYY-MM` for its first day).
    Date,
}

#[derive(Debug)]
pub struct Column {
    pub name: &'static str,
    pub kind: Kind,
    pub required: bool,
    pub nl: &'static str,
    pub en: &'static str,
}

#[derive(Debug)]
pub struct Table {
    pub name: &'static str,
    pub required: bool,
    pub nl: &'static str,
    pub en: &'static str,
    pub columns: &'static [Column],
}

impl Table {
    pub fn column(&self, name: &str) -> usize {
        self.columns
            .iter()
            .position(|c| c.name == name)
            .unwrap_or_else(|| panic!("table {} has no column {name}", self.name))
    }
}

const fn col(
    name: &'static str,
    kind: Kind,
    required: bool,
    nl: &'static str,
    en: &'static str,
) -> Column {
    Column {
        name,
        kind,
        required,
        nl,
        en,
    }
}

use Kind::*;

pub const REGIO: Table = Table {
    name: "regio",
    required: true,
    nl: "De regio en het basisjaar waarover de gegevens gaan",
    en: "The region and the base year the data cover",
    columns: &[
        col(
            "regio",
            Text,
            true,
            "naam van de regio",
            "name of the region",
        ),
        col(
            "basisjaar",
            Whole,
            true,
            "kalenderjaar van de declaraties; de peildatum is 1 januari",
            "calendar year of the declarations; the base date is 1 January",
        ),
    ],
};

pub const GEMEENTEN: Table = Table {
    name: "gemeenten",
    required: true,
    nl: "Eén rij per gemeente",
    en: "One row per municipality",
    columns: &[
        col(
            "gemeente",
            Text,
            true,
            "naam van de gemeente",
            "municipality name",
        ),
        col(
            "jeugdigen_0_17",
            Whole,
            true,
            "inwoners van 0 t/m 17 jaar",
            "inhabitants aged 0-17",
        ),
        col(
            "jeugdigen_18_22",
            Whole,
            false,
            "inwoners van 18 t/m 22 jaar",
            "inhabitants aged 18-22",
        ),
        col(
            "budget_per_jaar",
            Money,
            false,
            "begroting jeugdhulp in euro per jaar",
            "youth care budget in euro a year",
        ),
        col(
            "aandeel_kostenverdeling",
            Number,
            false,
            "aandeel in de regionale kostenverdeling (0-1)",
            "share in the regional cost split (0-1)",
        ),
    ],
};

pub const AANBIEDERS: Table = Table {
    name: "aanbieders",
    required: true,
    nl: "Eén rij per aanbieder per subsegment (contract)",
    en: "One row per provider per sub-segment (contract)",
    columns: &[
        col(
            "aanbieder",
            Text,
            true,
            "naam van de aanbieder",
            "provider name",
        ),
        col(
            "agb_code",
            Text,
            false,
            "AGB-code (zoals in declaraties)",
            "AGB code (as in declarations)",
        ),
        col(
            "organisatie",
            Text,
            false,
            "organisatie waar de aanbieder bij hoort",
            "organisation the provider belongs to",
        ),
        col(
            "subsegment",
            Text,
            true,
            "subsegment van het contract",
            "sub-segment of the contract",
        ),
        col(
            "plaatsen",
            Whole,
            false,
            "cliënten tegelijk (capaciteit)",
            "clients at a time (capacity)",
        ),
        col(
            "fte",
            Number,
            false,
            "formatie in fte (als plaatsen onbekend is)",
            "staff in fte (when places are unknown)",
        ),
    ],
};

pub const PRODUCTEN: Table = Table {
    name: "producten",
    required: true,
    nl: "Eén rij per product met zijn tarief",
    en: "One row per product with its tariff",
    columns: &[
        col(
            "productcode",
            Text,
            true,
            "productcode (zoals in declaraties)",
            "product code (as in declarations)",
        ),
        col("product", Text, true, "omschrijving", "description"),
        col(
            "eenheid",
            Text,
            true,
            "minuut, uur, etmaal, maand of traject",
            "minute, hour, day (etmaal), month or trajectory",
        ),
        col("tarief", Money, true, "euro per eenheid", "euro per unit"),
        col(
            "soort",
            Text,
            true,
            "ambulant, gezinsgericht, residentieel, gesloten of crisis",
            "ambulant, family_based, residential, closed or crisis",
        ),
        col(
            "segment",
            Text,
            true,
            "segment (bijv. IAJ, GWV, HCV)",
            "segment (e.g. IAJ, GWV, HCV)",
        ),
        col(
            "subsegment",
            Text,
            true,
            "subsegment binnen het segment",
            "sub-segment within the segment",
        ),
    ],
};

pub const DECLARATIES: Table = Table {
    name: "declaraties",
    required: true,
    nl: "Declaraties in het basisjaar (iJW 303), per gemeente, aanbieder, product en maand",
    en: "Declarations in the base year (iJW 303), per municipality, provider, product and month",
    columns: &[
        col(
            "gemeente",
            Text,
            true,
            "gemeente die betaalt",
            "paying municipality",
        ),
        col(
            "aanbieder",
            Text,
            true,
            "aanbieder (naam of AGB-code)",
            "provider (name or AGB code)",
        ),
        col("productcode", Text, true, "productcode", "product code"),
        col(
            "maand",
            Month,
            true,
            "maand van levering, JJJJ-MM",
            "month of delivery, YYYY-MM",
        ),
        col(
            "clienten",
            Whole,
            true,
            "cliënten met dit product die maand",
            "clients with this product that month",
        ),
        col(
            "eenheden",
            Number,
            true,
            "geleverde eenheden",
            "units delivered",
        ),
        col(
            "bedrag",
            Money,
            true,
            "gedeclareerd bedrag in euro",
            "amount declared in euro",
        ),
    ],
};

pub const ZORGSTAND: Table = Table {
    name: "zorgstand",
    required: true,
    nl: "Cliënten in zorg op de peildatum (1 januari van het basisjaar)",
    en: "Clients in care on the base date (1 January of the base year)",
    columns: &[
        col("peildatum", Date, true, "JJJJ-MM-DD", "YYYY-MM-DD"),
        col("gemeente", Text, true, "gemeente", "municipality"),
        col("subsegment", Text, true, "subsegment", "sub-segment"),
        col(
            "aanbieder",
            Text,
            true,
            "aanbieder (naam of AGB-code)",
            "provider (name or AGB code)",
        ),
        col(
            "clienten",
            Whole,
            true,
            "cliënten in zorg",
            "clients in care",
        ),
    ],
};

pub const WACHTLIJST: Table = Table {
    name: "wachtlijst",
    required: false,
    nl: "Wachtenden op de peildatum en, als bekend, aan het eind van maanden in het basisjaar",
    en: "Youths waiting on the base date and, when known, at month ends in the base year",
    columns: &[
        col("peildatum", Date, true, "JJJJ-MM-DD", "YYYY-MM-DD"),
        col("gemeente", Text, true, "gemeente", "municipality"),
        col("subsegment", Text, true, "subsegment", "sub-segment"),
        col(
            "aanbieder",
            Text,
            false,
            "aanbieder, als bekend",
            "provider, when known",
        ),
        col(
            "wachtenden",
            Whole,
            true,
            "jeugdigen op de wachtlijst",
            "youths on the waiting list",
        ),
    ],
};

pub const MUTATIES: Table = Table {
    name: "mutaties",
    required: true,
    nl: "Starts en stops van zorg per maand (iJW 305 en 307)",
    en: "Starts and stops of care per month (iJW 305 and 307)",
    columns: &[
        col("maand", Month, true, "JJJJ-MM", "YYYY-MM"),
        col("gemeente", Text, true, "gemeente", "municipality"),
        col("subsegment", Text, true, "subsegment", "sub-segment"),
        col(
            "aanbieder",
            Text,
            true,
            "aanbieder (naam of AGB-code)",
            "provider (name or AGB code)",
        ),
        col(
            "starts",
            Whole,
            true,
            "gestarte trajecten (305)",
            "trajectories started (305)",
        ),
        col(
            "stops",
            Whole,
            true,
            "gestopte trajecten (307)",
            "trajectories stopped (307)",
        ),
    ],
};

/// Every table, in the order of the workbook.
pub const TABLES: [&Table; 8] = [
    &REGIO,
    &GEMEENTEN,
    &AANBIEDERS,
    &PRODUCTEN,
    &DECLARATIES,
    &ZORGSTAND,
    &WACHTLIJST,
    &MUTATIES,
];
