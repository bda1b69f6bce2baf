//! Logs in as alice, prints each `PhoneEvent`, answers a ringing call: `cargo run -- HOST:PORT`.
use std::{error::Error, process::ExitCode};

use cti_client::{Client, Config, Notice};
use cti_proto::phone::{Answer, PhoneEventType};
use cti_proto::{Decoded, Event};

#[tokio::main]
async fn main() -> ExitCode {
    let server = std::env::args().nth(1).unwrap_or("127.0.0.1:8090".into());
    if let Err(e) = run(server).await {
        let cause = e.source().map(|c| format!(": {c}")).unwrap_or_default();
        eprintln!("error: {e}{cause}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

async fn run(server: String) -> Result<(), Box<dyn Error>> {
    let (client, mut notices) = Client::connect(Config::new(server, "alice", "alice")).await?;
    println!("logged in");
    while let Some(notice) = notices.next().await {
        if let Notice::Event(Decoded {
            message: Event::PhoneEvent(event),
            ..
        }) = notice
        {
            let other = event.other_dn.as_deref().unwrap_or("-");
            println!("{} {} {other}", event.event_type, event.dn);
            match event.event_type {
                PhoneEventType::EventRinging => client.send(Answer::new()).await?,
                PhoneEventType::EventEstablished => break,
                _ => {}
            }
        }
    }
    client.shutdown().await;
    Ok(())
}
