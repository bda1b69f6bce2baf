//! Writes the frame sets of the benchmarks into `benches/data/`, from the conformance
//! fixtures and a fixed pseudo-random sequence (the output is the same on every run):
//!
//! - `small`: one frame of each User API event kind (the SEED samples and their kin);
//! - `contactsheet200`: one `ContactSheet` of 200 varied contacts made from the SEED sheet;
//! - `commands`: every command frame of the User API as cti.js sends it;
//! - `mixed`: 10,000 server frames as a session sees them: mostly configuration and status
//!   updates and contact sheets, a few kinds this crate keeps as `Unknown`.
//!
//! `cargo run -p cti-bench --bin make-bench-data`

use std::fmt::Write as _;

use cti_conformance::{load_all, Direction, Fixture};
use cti_proto::common::{PhoneStatus, Sheet};
use cti_proto::contacts::ContactSheet;
use cti_proto::{decode_event, encode_event, Event, RawJson, UnknownEvent};

/// A fixed linear congruential generator: the same sets on every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

const FIRST: &[&str] = &[
    "James", "Zoë", "Amélie", "Hiroshi", "Léa", "Omar", "Ingrid", "Chloé", "Søren", "Bruce",
];
const LAST: &[&str] = &[
    "Bond",
    "Ørsted",
    "Poulain",
    "Tanaka",
    "Dubois",
    "Haddad",
    "Bergman",
    "Lefèvre",
    "Kierkegaard",
    "Willis",
];

fn fixture<'a>(fixtures: &'a [Fixture], name: &str) -> &'a Fixture {
    fixtures
        .iter()
        .find(|f| f.name == name)
        .unwrap_or_else(|| panic!("no fixture {name}"))
}

/// The canonical encoding of a server fixture.
fn canonical(fixtures: &[Fixture], name: &str) -> String {
    let decoded = decode_event(&fixture(fixtures, name).frame).expect("fixture decodes");
    encode_event(&decoded.message)
}

/// A contact made from the SEED sheet.
fn contact(template: &Sheet, rng: &mut Lcg, i: u64) -> Sheet {
    let mut sheet = template.clone();
    let (first, last) = (rng.pick(FIRST), rng.pick(LAST));
    sheet.name = format!("{first} {last} {i}");
    sheet.subtitle1 = format!("Service {}", rng.below(40));
    sheet.is_favorite = rng.below(5) == 0;
    sheet.status.phone = *rng.pick(&[
        PhoneStatus::Available,
        PhoneStatus::Busy,
        PhoneStatus::Ringing,
        PhoneStatus::Unexisting,
    ]);
    let number = format!("{}", 1000 + rng.below(9000));
    for action in &mut sheet.actions {
        if let Some(arg) = action.args.first_mut() {
            *arg = if arg.chars().all(|c| c.is_ascii_digit()) && !arg.is_empty() {
                number.clone()
            } else {
                format!("{}{}", first.to_lowercase(), i)
            };
        }
    }
    for source in &mut sheet.sources {
        source.id = format!("{}", rng.below(100_000)).into();
    }
    for detail in &mut sheet.details {
        for field in &mut detail.fields {
            if rng.below(3) == 0 {
                field.data = format!("{} {}", field.name, rng.below(1_000_000));
            }
        }
    }
    sheet
}

fn contact_sheet(template: &Sheet, rng: &mut Lcg, count: u64) -> String {
    let mut sheet = ContactSheet::default();
    sheet.sheets = (0..count).map(|i| contact(template, rng, i)).collect();
    encode_event(&Event::ContactSheet(sheet))
}

/// An optional field of a `UserConfigUpdate`: its key, and how to make its value.
type ConfigField = (&'static str, fn(&mut Lcg) -> String);

fn config_update(rng: &mut Lcg) -> String {
    let mut fields = vec![format!("\"userId\":{}", 1 + rng.below(500))];
    let options: [ConfigField; 6] = [
        ("dndEnabled", |r| (r.below(2) == 0).to_string()),
        ("naFwdEnabled", |r| (r.below(2) == 0).to_string()),
        ("naFwdDestination", |r| {
            format!("\"06{:08}\"", r.below(100_000_000))
        }),
        ("uncFwdDestination", |_| "null".to_owned()),
        ("fullName", |r| {
            format!("\"{} {}\"", r.pick(FIRST), r.pick(LAST))
        }),
        ("lineIds", |r| format!("[{}]", r.below(200))),
    ];
    for (key, value) in options {
        if rng.below(2) == 0 {
            fields.push(format!("\"{key}\":{}", value(rng)));
        }
    }
    format!(
        "{{\"msgType\":\"UserConfigUpdate\",\"ctiMessage\":{{{}}}}}",
        fields.join(",")
    )
}

fn directory_result(rng: &mut Lcg) -> String {
    let mut entries = String::new();
    for i in 0..2 + rng.below(4) {
        if i > 0 {
            entries.push(',');
        }
        let _ = write!(
            entries,
            r#"{{"status":{},"entry":["{}","{}","{}","06{:08}","false"]}}"#,
            rng.pick(&[0, -2, 2, 8]),
            rng.pick(FIRST),
            rng.pick(LAST),
            1000 + rng.below(9000),
            rng.below(100_000_000)
        );
    }
    format!(
        r#"{{"msgType":"DirectoryResult","ctiMessage":{{"entries":[{entries}],"headers":["Firstname","Lastname","Number","Mobile","Favorite"]}}}}"#
    )
}

fn unknown(msg_type: &str, payload: &str) -> String {
    let payload = RawJson::from_text(payload).expect("JSON");
    encode_event(&Event::Unknown(UnknownEvent::new(msg_type, Some(payload))))
}

fn main() {
    let fixtures = load_all();
    let dir = cti_bench::data_dir();
    let write = |set: &str, frames: &[String]| {
        let mut text = frames.join("\n");
        text.push('\n');
        std::fs::write(dir.join(format!("{set}.jsonl")), text).expect("written");
        println!(
            "{set}: {} frames, {} bytes",
            frames.len(),
            frames.iter().map(String::len).sum::<usize>()
        );
    };

    let small: Vec<String> = [
        "LoggedOn/no-payload",
        "LoggedOnError/failed-doc",
        "Error/inferred",
        "ContactSheet/seed",
        "DirectoryResult/doc-2022-10",
        "FavoriteContactSheet/inferred",
        "Favorites/inferred",
        "FavoriteUpdated/inferred-added",
        "CtiStatuses/seed",
        "UsersStatuses/seed",
        "UserStatusUpdate/inferred",
        "UserConfigUpdate/seed",
        "UserPreference/seed",
        "UserDisplayName/crafted",
    ]
    .iter()
    .map(|name| canonical(&fixtures, &format!("server/{name}")))
    .collect();
    write("small", &small);

    let Event::ContactSheet(seed) =
        decode_event(&fixture(&fixtures, "server/ContactSheet/seed").frame)
            .expect("SEED decodes")
            .message
    else {
        panic!("the SEED ContactSheet")
    };
    let template = &seed.sheets[0];
    let mut rng = Lcg(0x5eed);
    write("contactsheet200", &[contact_sheet(template, &mut rng, 200)]);

    let commands: Vec<String> = fixtures
        .iter()
        .filter(|f| f.direction == Direction::Client && f.name.ends_with("/wire"))
        .map(|f| f.frame.clone())
        .collect();
    write("commands", &commands);

    let statuses = canonical(&fixtures, "server/CtiStatuses/seed");
    let preferences = canonical(&fixtures, "server/UserPreference/seed");
    let phone_event = r#"{"eventType":"EventRinging","DN":"1000","otherDN":"0427466347","linkedId":"1469709757.74","uniqueId":"1469709960.78","queueName":"bluesky","userData":{"XIVO_CONTEXT":"from-extern","XIVO_USERID":"1","USR_var1":"val1","USR_var2":"val2","XIVO_EXTENPATTERN":"_012305XXXX","XIVO_SRCNUM":"0427466347","XIVO_DST_FIRSTNAME":"Brucé","XIVO_DSTNUM":"0123053012","XIVO_DST_LASTNAME":"Wail"}}"#;
    let mixed: Vec<String> = (0..10_000)
        .map(|_| match rng.below(100) {
            0..=34 => config_update(&mut rng),
            35..=49 => {
                let count = 1 + rng.below(3);
                contact_sheet(template, &mut rng, count)
            }
            50..=59 => directory_result(&mut rng),
            60..=69 => statuses.clone(),
            70..=77 => format!(r#"{{"msgType":"UserStatusUpdate","ctiMessage":{{"status":"{}"}}}}"#, rng.pick(&["away", "available", "outtolunch"])),
            78..=84 => format!(r#"{{"msgType":"FavoriteUpdated","ctiMessage":{{"action":"Added","contact_id":"{}","source":"internal"}}}}"#, rng.below(100_000)),
            85..=89 => preferences.clone(),
            90..=94 => r#"{"msgType":"LoggedOn"}"#.to_owned(),
            95..=97 => unknown("PhoneEvent", phone_event),
            _ => unknown("QueueList", r#"[{"id":1,"name":"bluesky","displayName":"Blue Sky","number":"3000"}]"#),
        })
        .collect();
    write("mixed", &mixed);
}
