use cti_proto::Extra;
use cti_proto_derive::Wire;

#[derive(Default, Wire)]
#[wire(skip("claz", "destination"))]
pub struct Dial {
    pub extra: Extra,
}

fn main() {}
