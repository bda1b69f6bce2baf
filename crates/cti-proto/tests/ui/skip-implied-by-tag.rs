use cti_proto::Extra;
use cti_proto_derive::Wire;

// `command = "..."` makes `claz` and `command` tags: skipping them again is a mistake.
#[derive(Debug, Default, Wire)]
#[wire(skip("claz", "command"), command = "dial")]
pub struct Dial {
    pub extra: Extra,
}

fn main() {}
