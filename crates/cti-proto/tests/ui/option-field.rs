use cti_proto::common::Maybe;
use cti_proto::Extra;
use cti_proto_derive::Wire;

#[derive(Debug, Default, Wire)]
pub struct PhoneEvent {
    pub user_data: Option<String>,
    pub extra: Extra,
}

// Used as a wire type: the misuse above is the only error.
#[derive(Debug, Default, Wire)]
pub struct PhoneEvents {
    pub events: Vec<PhoneEvent>,
    pub last: Maybe<PhoneEvent>,
    pub extra: Extra,
}

fn main() {}
