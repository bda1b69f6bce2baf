use cti_proto::common::Maybe;
use cti_proto::Extra;
use cti_proto_derive::Wire;

#[derive(Debug, Default, Wire)]
pub struct QueueStatistic {
    pub value: Maybe<f64>,
    pub extra: Extra,
}

#[derive(Debug, Default, Wire)]
pub struct QueueStatistics {
    pub counters: Vec<QueueStatistic>,
    pub extra: Extra,
}

fn main() {}
