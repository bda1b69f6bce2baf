use cti_proto_derive::Wire;

#[derive(Default, Wire)]
pub struct Answer {
    pub unique_id: String,
}

fn main() {}
