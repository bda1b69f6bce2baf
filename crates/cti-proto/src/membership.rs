//! Membership: default queue memberships of users, from the companion library
//! `membership.js` (same socket and command factory as cti.js; `Membership.*`).
//!
//! # Messages
//!
//! Every message of this area. Each has one wire example, on its type's page, or here
//! when its type has none (a test decodes each and encodes it back unchanged); where no
//! sample of a payload is known, the example is made up.
//!
//! - [`GetUserDefaultMembership`]: command `getUserDefaultMembership`
//! - [`SetUserDefaultMembership`]: command `setUserDefaultMembership`
//! - [`SetUsersDefaultMembership`]: command `setUsersDefaultMembership`
//! - [`ApplyUsersDefaultMembership`]: command `applyUsersDefaultMembership`
//! - [`UserQueueDefaultMembership`]: event `UserQueueDefaultMembership`
//! - [`UsersQueueDefaultMembership`]: event `UsersQueueDefaultMembership`

use cti_proto_derive::Wire;

use crate::wire::Extra;
use crate::wire::Maybe;

/// A queue and a penalty, in default memberships. Inferred, so both are optional.
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
pub struct QueueMembership {
    /// The queue.
    pub queue_id: Maybe<i64>,
    /// The penalty.
    pub penalty: Maybe<i64>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `getUserDefaultMembership`: a user's default memberships, answered by
/// `UserQueueDefaultMembership`.
///
/// ```json
/// {"claz":"web","command":"getUserDefaultMembership","userId":12}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "getUserDefaultMembership", new)]
pub struct GetUserDefaultMembership {
    /// The user.
    #[wire(new)]
    pub user_id: i64,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `setUserDefaultMembership`: set a user's default memberships.
///
/// ```json
/// {"claz":"web","command":"setUserDefaultMembership","userId":12,"membership":[{"queueId":3,"penalty":0}]}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "setUserDefaultMembership", new)]
pub struct SetUserDefaultMembership {
    /// The user.
    #[wire(new)]
    pub user_id: i64,
    /// The memberships.
    #[wire(new)]
    pub membership: Vec<QueueMembership>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `setUsersDefaultMembership`: set the default memberships of several users.
///
/// ```json
/// {"claz":"web","command":"setUsersDefaultMembership","userIds":[12,13],"membership":[{"queueId":3,"penalty":0}]}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "setUsersDefaultMembership", new)]
pub struct SetUsersDefaultMembership {
    /// The users.
    #[wire(new)]
    pub user_ids: Vec<i64>,
    /// The memberships.
    #[wire(new)]
    pub membership: Vec<QueueMembership>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `applyUsersDefaultMembership`: make these users' memberships their defaults.
///
/// ```json
/// {"claz":"web","command":"applyUsersDefaultMembership","userIds":[12,13]}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "applyUsersDefaultMembership", new)]
pub struct ApplyUsersDefaultMembership {
    /// The users.
    #[wire(new)]
    pub user_ids: Vec<i64>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `UserQueueDefaultMembership`: a user's default memberships. Inferred from clients,
/// so every field is optional.
///
/// ```json
/// {"msgType":"UserQueueDefaultMembership","ctiMessage":{"userId":12,"membership":[{"queueId":3,"penalty":0}]}}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(event = "UserQueueDefaultMembership")]
pub struct UserQueueDefaultMembership {
    /// The user.
    pub user_id: Maybe<i64>,
    /// The memberships.
    pub membership: Maybe<Vec<QueueMembership>>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `UsersQueueDefaultMembership`: default memberships of several users. Inferred from
/// clients, so every field is optional.
///
/// ```json
/// {"msgType":"UsersQueueDefaultMembership","ctiMessage":{"memberships":[{"userId":12,"membership":[]}]}}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(event = "UsersQueueDefaultMembership")]
pub struct UsersQueueDefaultMembership {
    /// One entry per user.
    pub memberships: Maybe<Vec<UserQueueDefaultMembership>>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}
