//! The bot the README opens its usage with is `examples/bot.rs`, which this package
//! builds: the two must stay the same text.

#[test]
fn the_readme_bot_is_the_example() {
    let readme = include_str!("../../../README.md");
    let bot = include_str!("../examples/bot.rs");
    let start = readme
        .find("```rust,ignore\n")
        .expect("the README has the bot")
        + 15;
    let end = start + readme[start..].find("```").expect("the block ends");
    assert_eq!(
        &readme[start..end],
        bot,
        "copy examples/bot.rs into the README"
    );
}
