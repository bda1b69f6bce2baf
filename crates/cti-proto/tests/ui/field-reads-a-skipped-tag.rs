use cti_proto::Extra;
use cti_proto_derive::Wire;

#[derive(Default, Wire)]
#[wire(command = "webRtcCmd")]
pub struct WebRtcCmd {
    pub command: String,
    pub extra: Extra,
}

fn main() {}
