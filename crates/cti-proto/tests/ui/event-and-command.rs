use cti_proto::Extra;
use cti_proto_derive::Wire;

#[derive(Debug, Default, Wire)]
#[wire(event = "PhoneEvent", command = "dial")]
pub struct PhoneEvent {
    pub extra: Extra,
}

// The tag read, a table naming the type adds no error of its own.
const _: &str = <PhoneEvent as cti_proto::WireMessage>::TAG;

fn main() {}
