use cti_proto::Extra;
use cti_proto_derive::Wire;

#[derive(Debug, Default, Wire)]
pub struct QueueStatistics {
    pub queue_id: u32,
    pub extra: Extra,
}

#[derive(Debug, Default, Wire)]
pub struct QueueList {
    pub queues: Vec<QueueStatistics>,
    pub extra: Extra,
}

fn main() {}
