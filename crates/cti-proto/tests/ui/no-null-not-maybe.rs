use cti_proto::Extra;
use cti_proto_derive::Wire;

#[derive(Default, Wire)]
pub struct PhoneEvent {
    #[wire(no_null)]
    pub user_data: String,
    pub extra: Extra,
}

fn main() {}
