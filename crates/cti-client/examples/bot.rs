//! A bot: for each call that rings, the caller's name from the directory.

use cti_client::{Client, Config, Notice};
use cti_proto::contacts::SearchContacts;
use cti_proto::phone::PhoneEventType;
use cti_proto::Event;

#[tokio::main]
async fn main() -> Result<(), cti_client::Error> {
    // `cti serve`'s demo user; heartbeat, reconnection and re-login are the client's.
    let config = Config::new("127.0.0.1:8090", "alice", "alice");
    let (client, mut notices) = Client::connect(config).await?;
    while let Some(notice) = notices.next().await {
        let Notice::Event(decoded) = notice else {
            continue;
        };
        match decoded.message {
            // A call rings: look the caller up in the directory.
            Event::PhoneEvent(call) if call.event_type == PhoneEventType::EventRinging => {
                let caller = call.other_dn.as_deref().unwrap_or_default();
                client.send(SearchContacts::new(caller)).await?;
            }
            Event::ContactSheet(found) => found.sheets.iter().for_each(|c| println!("{}", c.name)),
            _ => {}
        }
    }
    Ok(())
}
