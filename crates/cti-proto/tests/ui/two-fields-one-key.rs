use cti_proto::Extra;
use cti_proto_derive::Wire;

#[derive(Default, Wire)]
pub struct PhoneEvent {
    #[wire(key = "DN")]
    pub dn: String,
    #[wire(key = "DN")]
    pub own_number: String,
    pub extra: Extra,
}

fn main() {}
