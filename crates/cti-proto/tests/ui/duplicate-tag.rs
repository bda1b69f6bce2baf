// Two message types with one tag: the kind tables run `check_tags` over their types in a
// `const`, as this does, and the build stops there.
use cti_proto::__private::{check_tags, tag_of};
use cti_proto::{Direction, Extra};
use cti_proto_derive::Wire;

#[derive(Debug, Default, Wire)]
#[wire(command = "dial")]
pub struct Dial {
    pub destination: String,
    pub extra: Extra,
}

#[derive(Debug, Default, Wire)]
#[wire(command = "dial")]
pub struct DialAgain {
    pub extra: Extra,
}

const _: () = check_tags(
    Direction::ClientToServer,
    &[tag_of::<Dial>(), tag_of::<DialAgain>()],
);

fn main() {}
