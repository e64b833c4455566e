//! Invented people's names and the ids made from them.
//!
//! The lists mix the names found across the United Kingdom's Parliament and
//! civil service (English, Welsh, Scottish and Irish Gaelic, South Asian,
//! West African, Caribbean, Polish, ...), accents included (Siân, Ó
//! Briain), so that everything downstream meets real-world names: sorting,
//! escaping, column widths. Ids are ASCII: accents folded, spaces and
//! apostrophes dropped, lower case.

use super::rng::Rng;

#[rustfmt::skip]
pub const GIVEN_NAMES: &[&str] = &[
    "Aaliyah", "Abdul", "Adaeze", "Adam", "Adebayo", "Agnieszka", "Aidan", "Aileen", "Aisha",
    "Alasdair", "Alex", "Alice", "Alistair", "Amara", "Amir", "Amrit", "Andrew", "Angharad",
    "Anita", "Anna", "Aoife", "Arjun", "Asha", "Ayşe", "Barbara", "Bartosz", "Beatrice", "Ben",
    "Bethan", "Bilal", "Bronwen", "Caitríona", "Callum", "Carys", "Catherine", "Cerys",
    "Charlotte", "Chidi", "Chloë", "Ciarán", "Claire", "Colm", "Connor", "Daniel", "Darren",
    "David", "Deepa", "Deirdre", "Dewi", "Dominic", "Dylan", "Eilidh", "Eithne", "Elif", "Eleanor",
    "Emeka", "Emily", "Emma", "Eóin", "Eszter", "Fatima", "Femi", "Fergus", "Fiona", "Folake",
    "Francesca", "Gareth", "Geraint", "Gráinne", "Grace", "Gurpreet", "Hamish", "Hannah",
    "Harpreet", "Harry", "Hassan", "Helen", "Hywel", "Ibrahim", "Ifeoma", "Imran", "Iona",
    "Isabel", "Jack", "Jakub", "James", "Jasmine", "Javier", "Jennifer", "João", "Joanna", "John",
    "Jonathan", "José", "Joseph", "Julia", "Kamala", "Karen", "Katarzyna", "Kate", "Kwame",
    "Laura", "Leah", "Liam", "Lowri", "Lucy", "Mairéad", "Małgorzata", "Marcus", "Margaret",
    "Mark", "Martha", "Matthew", "Megan", "Mehmet", "Michael", "Mohammed", "Morag", "Naomi",
    "Niamh", "Nicola", "Nkechi", "Noor", "Oisín", "Olivia", "Oluwaseun", "Owain", "Patrick",
    "Paul", "Peter", "Pooja", "Priya", "Rachel", "Rajesh", "Rebecca", "Renée", "Rhiannon", "Rhys",
    "Richard", "Robert", "Rory", "Ruth", "Saoirse", "Sarah", "Seán", "Shabana", "Shreya", "Siân",
    "Simon", "Siobhán", "Sophie", "Stephen", "Sunita", "Tariq", "Thomas", "Tomasz", "Tunde",
    "Victoria", "Wiktoria", "William", "Yasmin", "Yusuf", "Zainab", "Zoë",
];

#[rustfmt::skip]
pub const FAMILY_NAMES: &[&str] = &[
    "Abbott", "Achterberg", "Adeyemi", "Ahmed", "Akhtar", "Ali", "Allan", "ap Rhys", "Appiah",
    "Armstrong", "Asante", "Atkinson", "Bailey", "Baker", "Banerjee", "Begum", "Bell",
    "Bhattacharya", "Bishop", "Boateng", "Bowen", "Boyle", "Brennan", "Brown", "Burke", "Byrne",
    "Campbell", "Carter", "Chapman", "Chaudhry", "Chowdhury", "Clarke", "Coleman", "Collins",
    "Connolly", "Cooper", "Cunningham", "Da Silva", "Davies", "de Souza", "Desai", "Doherty",
    "Douglas", "Duffy", "Edwards", "Ellis", "Evans", "Farouk", "Ferguson", "Fitzgerald", "Fleming",
    "Fraser", "Gallagher", "Gill", "Gordon", "Graham", "Green", "Griffiths", "Gupta", "Hall",
    "Hamilton", "Hardy", "Harris", "Hassan", "Hughes", "Hussain", "Iqbal", "Jackson", "James",
    "Jenkins", "Johnson", "Jones", "Joshi", "Kaur", "Kelly", "Kennedy", "Khan", "Kowalczyk",
    "Kowalski", "Kumar", "Lewandowski", "Lewis", "Lloyd", "MacDonald", "MacKenzie", "MacLeòid",
    "Mahmood", "Malik", "Martin", "McCarthy", "McLaughlin", "Mensah", "Mistry", "Morgan", "Morris",
    "Müller", "Murphy", "Murray", "de Búrca", "Nowak", "Nwosu", "O'Brien", "O'Connor", "O'Neill",
    "Ó Briain", "Ó Súilleabháin", "Obi", "Okafor", "Okonkwo", "Oyelaran", "Parry", "Patel",
    "Pearson", "Phillips", "Powell", "Price", "Pritchard", "Quinn", "Rahman", "Reid", "Reilly",
    "Richards", "Roberts", "Robertson", "Rossi", "Saunders", "Scott", "Shah", "Sharma", "Singh",
    "Smith", "Stewart", "Sullivan", "Szabó", "Taylor", "Thomas", "Thompson", "Turner", "Varga",
    "Vaughan", "Walker", "Walsh", "Ward", "Watson", "White", "Williams", "Wilson", "Wiśniewska",
    "Wood", "Wright", "Yılmaz", "Young",
];

/// A person's given and family name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PersonName {
    pub given: &'static str,
    pub family: &'static str,
}

impl PersonName {
    pub fn draw(rng: &mut Rng) -> PersonName {
        PersonName {
            given: GIVEN_NAMES[rng.index(GIVEN_NAMES.len())],
            family: FAMILY_NAMES[rng.index(FAMILY_NAMES.len())],
        }
    }

    /// "Siân Ó Briain"
    pub fn full(self) -> String {
        format!("{} {}", self.given, self.family)
    }

    /// "sian.obriain": the ASCII base of the person's ids.
    pub fn id_base(self) -> String {
        format!("{}.{}", ascii_id(self.given), ascii_id(self.family))
    }
}

/// `text` folded to lower-case ASCII letters and digits for an id: accents
/// dropped, spaces and apostrophes removed, anything else left out.
pub fn ascii_id(text: &str) -> String {
    let mut id = String::with_capacity(text.len());
    for c in text.chars() {
        let folded = match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'Á' => 'a',
            'é' | 'è' | 'ê' | 'ë' | 'É' => 'e',
            'í' | 'ì' | 'î' | 'ï' | 'ı' | 'Í' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'Ó' => 'o',
            'ú' | 'ù' | 'û' | 'ü' | 'Ú' => 'u',
            'ç' => 'c',
            'ł' | 'Ł' => 'l',
            'ś' | 'Ś' | 'ş' => 's',
            'ñ' | 'ń' => 'n',
            'ż' | 'ź' => 'z',
            'ğ' => 'g',
            c if c.is_ascii_alphanumeric() => c.to_ascii_lowercase(),
            _ => continue,
        };
        id.push(folded);
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_folded_ascii() {
        let name = PersonName {
            given: "Siân",
            family: "Ó Briain",
        };
        assert_eq!(name.full(), "Siân Ó Briain");
        assert_eq!(name.id_base(), "sian.obriain");
        assert_eq!(ascii_id("O'Neill"), "oneill");
        assert_eq!(ascii_id("Wiśniewska"), "wisniewska");
        assert_eq!(ascii_id("Yılmaz"), "yilmaz");
    }

    #[test]
    fn every_listed_name_gives_a_non_empty_ascii_id() {
        for name in GIVEN_NAMES.iter().chain(FAMILY_NAMES) {
            let id = ascii_id(name);
            assert!(!id.is_empty() && id.is_ascii(), "{name} -> {id}");
            // Every letter of the name survives folding.
            let letters = name.chars().filter(|c| c.is_alphabetic()).count();
            assert_eq!(id.len(), letters, "{name} -> {id}");
        }
    }
}
