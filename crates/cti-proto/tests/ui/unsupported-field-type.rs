use cti_proto::Extra;
use cti_proto_derive::Wire;

#[derive(Clone, Debug, Default, PartialEq, Wire)]
pub struct Hangup {
    pub unique_id: std::time::Duration,
    pub extra: Extra,
}

fn main() {}
