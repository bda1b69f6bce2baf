use cti_proto::common::Maybe;
use cti_proto::Extra;
use cti_proto_derive::Wire;

#[derive(Debug, Default, Wire)]
pub struct PhoneEvent {
    #[wire(no_null = true)]
    pub user_data: Maybe<String>,
    pub extra: Extra,
}

#[derive(Debug, Default, Wire)]
pub struct PhoneEvents {
    pub events: Vec<PhoneEvent>,
    pub extra: Extra,
}

fn main() {}
