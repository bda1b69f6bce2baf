//! Searches the directory and prints the contacts found, with their numbers.
//!
//! `cargo run -p cti-client --example search -- bond` (against `cti serve`'s demo by
//! default; `CTI_SERVER`, `CTI_LOGIN` and `CTI_PASSWORD` say otherwise).

use cti_client::{Client, Config, Notice};
use cti_proto::contacts::SearchContacts;
use cti_proto::Event;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let env = |name: &str, default: &str| std::env::var(name).unwrap_or_else(|_| default.into());
    let term = std::env::args().nth(1).unwrap_or_else(|| "bond".into());
    let config = Config::new(
        env("CTI_SERVER", "127.0.0.1:8090"),
        &env("CTI_LOGIN", "alice"),
        &env("CTI_PASSWORD", "alice"),
    );
    let (client, mut notices) = Client::connect(config).await?;
    client.send(SearchContacts::new(term.as_str())).await?;
    while let Some(notice) = notices.next().await {
        let Notice::Event(decoded) = notice else {
            continue;
        };
        let Event::ContactSheet(found) = decoded.message else {
            continue;
        };
        for sheet in &found.sheets {
            let numbers = sheet.details.iter().flat_map(|d| &d.fields);
            let numbers: Vec<_> = numbers
                .filter(|f| f.data_type.as_str() == "PhoneNumber" && !f.data.is_empty())
                .map(|f| f.data.as_str())
                .collect();
            println!("{}: {}", sheet.name, numbers.join(", "));
        }
        break;
    }
    client.shutdown().await;
    Ok(())
}
