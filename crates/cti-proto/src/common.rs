//! Wire values that more than one API area uses, in one place to import them from: the
//! generic values ([`Maybe`], [`Nullable`], [`Number`], [`NumberOrText`], [`ContactId`],
//! [`Secret`]), phone and video statuses, call variables, the contact-sheet and
//! directory-row shapes shared by contacts and favorites, and the queued call shared by
//! queues and phones. Each is defined with the area it belongs to ([`phone`](crate::phone),
//! [`video`](crate::video), [`contacts`](crate::contacts), [`queue`](crate::queue)) and is
//! the same type under either path.
//!
//! Coded values (open enums such as [`PhoneStatus`] and [`ContactAction`]) keep a value
//! outside the known set, and a known value has one representation:
//!
//! ```
//! use cti_proto::common::{ContactAction, PhoneStatus};
//! assert_eq!(ContactAction::from("Call"), ContactAction::Call);
//! let other = ContactAction::from("Fax");
//! assert!(!other.is_known());
//! assert_eq!(other.as_str(), "Fax");
//! assert_eq!(PhoneStatus::from(17).code(), 17);
//! ```
//!
//! The variant holding an unknown value cannot be built outside the crate (its payload
//! has no public constructor), so it can never hold a known one:
//!
//! ```compile_fail
//! use cti_proto::common::ContactAction;
//! let call = ContactAction::_Custom("Call".into());
//! ```

pub use crate::contacts::{
    ContactAction, DataType, DirectoryEntry, Sheet, SheetAction, SheetDetail, SheetField,
    SheetSource, SheetStatus,
};
pub use crate::phone::{PhoneStatus, Variables};
pub use crate::queue::QueueCall;
pub use crate::video::VideoStatus;
pub use crate::wire::{ContactId, Maybe, Nullable, Number, NumberOrText, Secret};
