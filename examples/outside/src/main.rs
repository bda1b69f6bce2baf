//! Logs in to `cti serve` (alice), prints each `PhoneEvent`, answers a ringing call and
//! exits once it is established: `cargo run -- 127.0.0.1:8090`.
use std::{error::Error, process::ExitCode};

use cti_client::{Client, Config, Notice};
use cti_proto::phone::{Answer, PhoneEventType};
use cti_proto::{Command, Decoded, Event};

#[tokio::main]
async fn main() -> ExitCode {
    let server = std::env::args().nth(1).unwrap_or("127.0.0.1:8090".into());
    if let Err(e) = run(server).await {
        eprintln!("error: {e}");
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
                PhoneEventType::EventRinging => client.send(Command::from(Answer::new())).await?,
                PhoneEventType::EventEstablished => break,
                _ => {}
            }
        }
    }
    client.shutdown().await;
    Ok(())
}
