//! Membership: default queue memberships of users, from the companion library
//! `membership.js` (same socket and command factory as cti.js; `Membership.*`).
//!
//! # Messages
//!
//! Every message of this area, with a wire example (a test decodes each and encodes it
//! back unchanged). Where no sample of a payload is known, the example is made up.
//!
//! - [`GetUserDefaultMembership`]: command `getUserDefaultMembership`
//!
//!   ```json
//!   {"claz":"web","command":"getUserDefaultMembership","userId":12}
//!   ```
//! - [`SetUserDefaultMembership`]: command `setUserDefaultMembership`
//!
//!   ```json
//!   {"claz":"web","command":"setUserDefaultMembership","userId":12,"membership":[{"queueId":3,"penalty":0}]}
//!   ```
//! - [`SetUsersDefaultMembership`]: command `setUsersDefaultMembership`
//!
//!   ```json
//!   {"claz":"web","command":"setUsersDefaultMembership","userIds":[12,13],"membership":[{"queueId":3,"penalty":0}]}
//!   ```
//! - [`ApplyUsersDefaultMembership`]: command `applyUsersDefaultMembership`
//!
//!   ```json
//!   {"claz":"web","command":"applyUsersDefaultMembership","userIds":[12,13]}
//!   ```
//! - [`UserQueueDefaultMembership`]: event `UserQueueDefaultMembership`
//!
//!   ```json
//!   {"msgType":"UserQueueDefaultMembership","ctiMessage":{"userId":12,"membership":[{"queueId":3,"penalty":0}]}}
//!   ```
//! - [`UsersQueueDefaultMembership`]: event `UsersQueueDefaultMembership`
//!
//!   ```json
//!   {"msgType":"UsersQueueDefaultMembership","ctiMessage":{"memberships":[{"userId":12,"membership":[]}]}}
//!   ```

use crate::common::Maybe;

wire_struct! {
    /// A queue and a penalty, in default memberships. Inferred, so both are optional.
    pub struct QueueMembership {
        /// The queue.
        pub queue_id: Maybe<i64> = "queueId",
        /// The penalty.
        pub penalty: Maybe<i64> = "penalty",
    }
}

wire_struct! {
    /// `getUserDefaultMembership`: a user's default memberships, answered by
    /// `UserQueueDefaultMembership`.
    ///
    /// ```json
    /// {"claz":"web","command":"getUserDefaultMembership","userId":12}
    /// ```
    pub struct GetUserDefaultMembership skips ["claz", "command"] new(user_id: i64) {
        /// The user.
        pub user_id: i64 = "userId",
    }
}

wire_struct! {
    /// `setUserDefaultMembership`: set a user's default memberships.
    ///
    /// ```json
    /// {"claz":"web","command":"setUserDefaultMembership","userId":12,"membership":[{"queueId":3,"penalty":0}]}
    /// ```
    pub struct SetUserDefaultMembership skips ["claz", "command"] new(user_id: i64, membership: Vec<QueueMembership>) {
        /// The user.
        pub user_id: i64 = "userId",
        /// The memberships.
        pub membership: Vec<QueueMembership> = "membership",
    }
}

wire_struct! {
    /// `setUsersDefaultMembership`: set the default memberships of several users.
    ///
    /// ```json
    /// {"claz":"web","command":"setUsersDefaultMembership","userIds":[12,13],"membership":[{"queueId":3,"penalty":0}]}
    /// ```
    pub struct SetUsersDefaultMembership skips ["claz", "command"] new(user_ids: Vec<i64>, membership: Vec<QueueMembership>) {
        /// The users.
        pub user_ids: Vec<i64> = "userIds",
        /// The memberships.
        pub membership: Vec<QueueMembership> = "membership",
    }
}

wire_struct! {
    /// `applyUsersDefaultMembership`: make these users' memberships their defaults.
    ///
    /// ```json
    /// {"claz":"web","command":"applyUsersDefaultMembership","userIds":[12,13]}
    /// ```
    pub struct ApplyUsersDefaultMembership skips ["claz", "command"] new(user_ids: Vec<i64>) {
        /// The users.
        pub user_ids: Vec<i64> = "userIds",
    }
}

wire_struct! {
    /// `UserQueueDefaultMembership`: a user's default memberships. Inferred from clients,
    /// so every field is optional.
    ///
    /// ```json
    /// {"msgType":"UserQueueDefaultMembership","ctiMessage":{"userId":12,"membership":[{"queueId":3,"penalty":0}]}}
    /// ```
    pub struct UserQueueDefaultMembership {
        /// The user.
        pub user_id: Maybe<i64> = "userId",
        /// The memberships.
        pub membership: Maybe<Vec<QueueMembership>> = "membership",
    }
}

wire_struct! {
    /// `UsersQueueDefaultMembership`: default memberships of several users. Inferred from
    /// clients, so every field is optional.
    ///
    /// ```json
    /// {"msgType":"UsersQueueDefaultMembership","ctiMessage":{"memberships":[{"userId":12,"membership":[]}]}}
    /// ```
    pub struct UsersQueueDefaultMembership {
        /// One entry per user.
        pub memberships: Maybe<Vec<UserQueueDefaultMembership>> = "memberships",
    }
}
