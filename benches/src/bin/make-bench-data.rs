//! Writes the frame sets of the benchmarks into `benches/data/`, from the conformance
//! fixtures and a fixed pseudo-random sequence (the output is the same on every run):
//!
//! - `small`: one frame of each User API event kind (the SEED samples and their kin);
//! - `contactsheet200`: one `ContactSheet` of 200 varied contacts made from the SEED sheet;
//! - `commands`: every command frame of the vocabulary as cti.js sends it (the `wire`
//!   fixture of each command);
//! - `mixed`: 10,000 server frames as a call-centre agent's session sees them: phone events,
//!   agent states, phone hints, queue members and statistics (kept raw), configuration and
//!   status updates, contact sheets, chat and call history, and a few kinds this crate
//!   does not know (kept as `Unknown`).
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
    sheet.name = format!("{first} {last} {i}").into();
    sheet.subtitle1 = format!("Service {}", rng.below(40)).into();
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
                number.clone().into()
            } else {
                format!("{}{}", first.to_lowercase(), i).into()
            };
        }
    }
    for source in &mut sheet.sources {
        source.id = format!("{}", rng.below(100_000)).into();
    }
    for detail in &mut sheet.details {
        for field in &mut detail.fields {
            if rng.below(3) == 0 {
                field.data = format!("{} {}", field.name, rng.below(1_000_000)).into();
            }
        }
    }
    sheet
}

fn contact_sheet(template: &Sheet, rng: &mut Lcg, count: u64) -> String {
    let mut sheet = ContactSheet::default();
    sheet.sheets = (0..count).map(|i| contact(template, rng, i)).collect();
    encode_event(&Event::from(sheet))
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

const XIVO_KEYS: &[&str] = &[
    "XIVO_CONTEXT",
    "XIVO_USERID",
    "XIVO_SRCNUM",
    "XIVO_DSTNUM",
    "XIVO_EXTENPATTERN",
    "XIVO_DST_FIRSTNAME",
    "XIVO_DST_LASTNAME",
    "USR_ticket",
    "USR_customer",
];

fn call_id(rng: &mut Lcg) -> String {
    format!("{}.{}", 1_469_700_000 + rng.below(100_000), rng.below(1000))
}

fn phone_event(rng: &mut Lcg) -> String {
    let event = rng.pick(&["EventRinging", "EventDialing", "EventEstablished"]);
    let (linked, unique) = (call_id(rng), call_id(rng));
    let mut user_data = Vec::new();
    for key in XIVO_KEYS
        .iter()
        .take(1 + rng.below(XIVO_KEYS.len() as u64) as usize)
    {
        user_data.push(format!(
            "\"{key}\":\"{}{}\"",
            rng.pick(FIRST),
            rng.below(10_000)
        ));
    }
    let queue = if rng.below(3) == 0 {
        format!(
            ",\"queueName\":\"{}\"",
            rng.pick(&["bluesky", "support", "sales"])
        )
    } else {
        String::new()
    };
    format!(
        r#"{{"msgType":"PhoneEvent","ctiMessage":{{"eventType":"{event}","DN":"{}","otherDN":"06{:08}","linkedId":"{linked}","uniqueId":"{unique}"{queue},"userData":{{{}}}}}}}"#,
        1000 + rng.below(9000),
        rng.below(100_000_000),
        user_data.join(",")
    )
}

fn agent_state(rng: &mut Lcg) -> String {
    let name = rng.pick(&[
        "AgentReady",
        "AgentOnPause",
        "AgentOnCall",
        "AgentOnWrapup",
        "AgentRinging",
    ]);
    format!(
        r#"{{"msgType":"AgentStateEvent","ctiMessage":{{"name":"{name}","agentId":{},"phoneNb":"{}","since":{},"queues":[{},{}],"cause":"{}"}}}}"#,
        1 + rng.below(300),
        1000 + rng.below(9000),
        rng.below(3600),
        1 + rng.below(20),
        21 + rng.below(20),
        rng.pick(&["", "outtolunch", "away"])
    )
}

fn flash_text(rng: &mut Lcg) -> String {
    let sequence = rng.below(100_000);
    if rng.below(2) == 0 {
        format!(
            r#"{{"msgType":"FlashTextEvent","ctiMessage":{{"event":"FlashTextSendMessageAck","sequence":{sequence},"offline":false,"date":"2020-06-10T12:08:19.565Z"}}}}"#
        )
    } else {
        let (first, last) = (rng.pick(FIRST), rng.pick(LAST));
        format!(
            r#"{{"msgType":"FlashTextEvent","ctiMessage":{{"event":"FlashTextUserMessage","from":{{"username":"{}","phoneNumber":"{}","displayName":"{first} {last}","guid":"goegjutxyt8c5dmsqy6xk4f85w"}},"to":{{"username":"jbond","phoneNumber":"1000","displayName":"James Bond","guid":"eiifh5zietbi7k8ao6ndrzr7zo"}},"sequence":{sequence},"message":"Could you call {first} back about ticket {}?","date":"2019-05-28T14:55:08.628+02:00"}}}}"#,
            first.to_lowercase(),
            1000 + rng.below(9000),
            rng.below(100_000)
        )
    }
}

fn call_history(rng: &mut Lcg) -> String {
    let items: Vec<String> = (0..1 + rng.below(5))
        .map(|_| {
            format!(
                r#"{{"start":"2022-09-{:02} 10:{:02}:50","duration":"00:{:02}:25","srcUsername":"usera","dstUsername":"userb","status":"{}","srcPhoneStatus":4,"srcVideoStatus":"Available","dstPhoneStatus":0,"dstVideoStatus":"Available","srcNum":"1000","dstNum":"{}","srcFirstName":"User","srcLastName":"A","dstFirstName":"{}","dstLastName":"{}"}}"#,
                1 + rng.below(28),
                rng.below(60),
                rng.below(60),
                rng.pick(&["answered", "missed", "emitted"]),
                1000 + rng.below(9000),
                rng.pick(FIRST),
                rng.pick(LAST)
            )
        })
        .collect();
    format!(
        r#"{{"msgType":"CallHistory","ctiMessage":[{}]}}"#,
        items.join(",")
    )
}

fn unknown(msg_type: &str, payload: &str) -> String {
    let payload = RawJson::from_text(payload).expect("JSON");
    encode_event(&Event::Unknown(
        UnknownEvent::new(msg_type, Some(payload)).expect("an unknown msgType"),
    ))
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

    // One frame per command: its `wire` fixture, or its first canonical one.
    let mut commands: Vec<String> = Vec::new();
    let mut kinds = std::collections::BTreeSet::new();
    let client = fixtures.iter().filter(|f| {
        f.direction == Direction::ClientToServer
            && f.canonical
            && !f.name.starts_with("client/envelope/")
    });
    for f in client
        .clone()
        .filter(|f| f.name.ends_with("/wire"))
        .chain(client)
    {
        let kind = f.name.rsplit_once('/').map_or("", |(kind, _)| kind);
        if kinds.insert(kind.to_owned()) {
            commands.push(f.frame.clone());
        }
    }
    write("commands", &commands);

    let statuses = canonical(&fixtures, "server/CtiStatuses/seed");
    let preferences = canonical(&fixtures, "server/UserPreference/seed");
    let mixed: Vec<String> = (0..10_000)
        .map(|_| match rng.below(100) {
            0..=19 => phone_event(&mut rng),
            20..=31 => agent_state(&mut rng),
            32..=41 => config_update(&mut rng),
            42..=49 => format!(r#"{{"msgType":"PhoneHintStatusEvent","ctiMessage":{{"number":"{}","status":{}}}}}"#, 1000 + rng.below(9000), rng.pick(&[0, 1, 2, 4, 8, 16, -2])),
            50..=57 => format!(r#"{{"msgType":"QueueStatistics","ctiMessage":{{"queueId":{},"counters":[{{"statName":"WaitingCalls","value":{}}},{{"statName":"LongestWaitTime","value":{}}}]}}}}"#, 1 + rng.below(40), rng.below(12), rng.below(600)),
            58..=62 => format!(r#"{{"msgType":"QueueMember","ctiMessage":{{"agentId":{},"queueId":{},"penalty":{}}}}}"#, 1 + rng.below(300), 1 + rng.below(40), rng.below(5)),
            63..=72 => {
                let count = 1 + rng.below(3);
                contact_sheet(template, &mut rng, count)
            }
            73..=77 => directory_result(&mut rng),
            78..=82 => statuses.clone(),
            83..=86 => flash_text(&mut rng),
            87..=89 => call_history(&mut rng),
            90..=92 => format!(r#"{{"msgType":"UserStatusUpdate","ctiMessage":{{"status":"{}"}}}}"#, rng.pick(&["away", "available", "outtolunch"])),
            93..=95 => format!(r#"{{"msgType":"FavoriteUpdated","ctiMessage":{{"action":"Added","contact_id":"{}","source":"internal"}}}}"#, rng.below(100_000)),
            96..=97 => preferences.clone(),
            98 => r#"{"msgType":"LoggedOn"}"#.to_owned(),
            _ => unknown("QueueEntered", r#"{"queueId":3,"uniqueId":"1469709960.78","position":2}"#),
        })
        .collect();
    write("mixed", &mixed);
}
