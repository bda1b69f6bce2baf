use cti_proto::Extra;
use cti_proto_derive::Wire;

#[derive(Default, Wire)]
pub struct Dial {
    #[wire(rename = "destination")]
    pub destination: String,
    pub extra: Extra,
}

fn main() {}
