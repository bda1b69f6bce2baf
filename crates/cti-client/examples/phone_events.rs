//! Logs in and prints every `PhoneEvent`, until interrupted.
//!
//! `CTI_SERVER=127.0.0.1:8090 CTI_LOGIN=alice CTI_PASSWORD=alice cargo run -p cti-client --example phone_events`
//! (the defaults are those of `cti serve`'s demo).

use cti_client::{Client, Config, Notice};
use cti_proto::Event;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let env = |name: &str, default: &str| std::env::var(name).unwrap_or_else(|_| default.into());
    let config = Config::new(
        env("CTI_SERVER", "127.0.0.1:8090"),
        &env("CTI_LOGIN", "alice"),
        &env("CTI_PASSWORD", "alice"),
    );
    let (_client, mut notices) = Client::connect(config).await?;
    while let Some(notice) = notices.next().await {
        match notice {
            Notice::Event(decoded) => {
                if let Event::PhoneEvent(event) = decoded.message {
                    let other = event.other_dn.as_deref().unwrap_or("-");
                    println!("{} {} {other}", event.event_type, event.dn);
                }
            }
            Notice::Disconnected { reason, retry_at } => {
                eprintln!("disconnected ({reason}), retrying: {}", retry_at.is_some());
            }
            _ => {}
        }
    }
    Ok(())
}
