use cti_proto::Extra;
use cti_proto_derive::Wire;

#[derive(Debug, Default, Wire)]
#[wire(event = PhoneEvent)]
pub struct PhoneEvent {
    pub extra: Extra,
}

fn main() {}
