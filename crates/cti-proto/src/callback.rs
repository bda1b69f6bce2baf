//! Callback: callback requests of call centres, from the companion library `callback.js`
//! (same socket and command factory as cti.js; `Callback.*`). No event of this area has
//! a known sample.
//!
//! # Messages
//!
//! Every message of this area, with a wire example (a test decodes each and encodes it
//! back unchanged). Where no sample of a payload is known, the example is made up.
//!
//! - [`GetCallbackLists`]: command `getCallbackLists`
//!
//!   ```json
//!   {"claz":"web","command":"getCallbackLists"}
//!   ```
//! - [`FindCallbackRequest`]: command `findCallbackRequest`
//!
//!   ```json
//!   {"claz":"web","command":"findCallbackRequest","id":1,"request":{"filters":[],"offset":0,"limit":20}}
//!   ```
//! - [`GetCallbackPreferredPeriods`]: command `getCallbackPreferredPeriods`
//!
//!   ```json
//!   {"claz":"web","command":"getCallbackPreferredPeriods"}
//!   ```
//! - [`TakeCallback`]: command `takeCallback`
//!
//!   ```json
//!   {"claz":"web","command":"takeCallback","uuid":"0b5e2a4c-2d2f-4a7e-9c1e-3f8a1b2c3d4e"}
//!   ```
//! - [`ReleaseCallback`]: command `releaseCallback`
//!
//!   ```json
//!   {"claz":"web","command":"releaseCallback","uuid":"0b5e2a4c-2d2f-4a7e-9c1e-3f8a1b2c3d4e"}
//!   ```
//! - [`StartCallback`]: command `startCallback`
//!
//!   ```json
//!   {"claz":"web","command":"startCallback","uuid":"0b5e2a4c-2d2f-4a7e-9c1e-3f8a1b2c3d4e","number":"0612345678"}
//!   ```
//! - [`ListenCallbackMessage`]: command `listenCallbackMessage`
//!
//!   ```json
//!   {"claz":"web","command":"listenCallbackMessage","voiceMessageRef":"1469709960.78"}
//!   ```
//! - [`UpdateCallbackTicket`]: command `updateCallbackTicket`
//!
//!   ```json
//!   {"claz":"web","command":"updateCallbackTicket","uuid":"0b5e2a4c-2d2f-4a7e-9c1e-3f8a1b2c3d4e","status":"Callback","comment":"call again","dueDate":"2024-01-02","periodUuid":"7f9c1d2e-0000-4000-8000-000000000001"}
//!   ```
//! - [`CallbackLists`]: event `CallbackLists`
//!
//!   ```json
//!   {"msgType":"CallbackLists","ctiMessage":[{"uuid":"0b5e2a4c-2d2f-4a7e-9c1e-3f8a1b2c3d4e","name":"Support","callbacks":[]}]}
//!   ```
//! - [`FindCallbackResponseWithId`]: event `FindCallbackResponseWithId`
//!
//!   ```json
//!   {"msgType":"FindCallbackResponseWithId","ctiMessage":{"id":1}}
//!   ```
//! - [`CallbackTaken`]: event `CallbackTaken`
//!
//!   ```json
//!   {"msgType":"CallbackTaken","ctiMessage":{"uuid":"0b5e2a4c-2d2f-4a7e-9c1e-3f8a1b2c3d4e","userId":12}}
//!   ```
//! - [`CallbackReleased`]: event `CallbackReleased`
//!
//!   ```json
//!   {"msgType":"CallbackReleased","ctiMessage":{"uuid":"0b5e2a4c-2d2f-4a7e-9c1e-3f8a1b2c3d4e","userId":12}}
//!   ```
//! - [`CallbackStarted`]: event `CallbackStarted`
//!
//!   ```json
//!   {"msgType":"CallbackStarted","ctiMessage":{"uuid":"0b5e2a4c-2d2f-4a7e-9c1e-3f8a1b2c3d4e","userId":12}}
//!   ```
//! - [`CallbackClotured`]: event `CallbackClotured`
//!
//!   ```json
//!   {"msgType":"CallbackClotured","ctiMessage":{"uuid":"0b5e2a4c-2d2f-4a7e-9c1e-3f8a1b2c3d4e","userId":12}}
//!   ```
//! - [`PreferredCallbackPeriodList`]: event `PreferredCallbackPeriodList`
//!
//!   ```json
//!   {"msgType":"PreferredCallbackPeriodList","ctiMessage":[{"uuid":"7f9c1d2e-0000-4000-8000-000000000001","name":"Morning","periodStart":"08:00:00","periodEnd":"12:00:00","default":true}]}
//!   ```
//! - [`CallbackRequestUpdated`]: event `CallbackRequestUpdated`
//!
//!   ```json
//!   {"msgType":"CallbackRequestUpdated","ctiMessage":{"uuid":"0b5e2a4c-2d2f-4a7e-9c1e-3f8a1b2c3d4e","userId":12}}
//!   ```

use crate::common::{Nullable, NumberOrText};
use crate::wire::RawJson;

wire_struct! {
    /// `getCallbackLists`: the callback lists, answered by `CallbackLists`.
    ///
    /// ```json
    /// {"claz":"web","command":"getCallbackLists"}
    /// ```
    pub struct GetCallbackLists skips ["claz", "command"] new() {
    }
}

wire_struct! {
    /// The `request` of `findCallbackRequest`.
    pub struct FindCallbackRequestQuery new() {
        /// Search filters (shape not documented; kept as given).
        pub filters: Option<RawJson> = "filters",
        /// How many to skip.
        pub offset: Option<Nullable<i64>> = "offset",
        /// How many at most.
        pub limit: Option<Nullable<i64>> = "limit",
    }
}

wire_struct! {
    /// `findCallbackRequest`: search callback requests, answered by
    /// `FindCallbackResponseWithId` with the same `id`.
    ///
    /// ```json
    /// {"claz":"web","command":"findCallbackRequest","id":1,"request":{"filters":[],"offset":0,"limit":20}}
    /// ```
    pub struct FindCallbackRequest skips ["claz", "command"] new(id: NumberOrText, request: FindCallbackRequestQuery) {
        /// Correlation id chosen by the caller.
        pub id: NumberOrText = "id",
        /// The search.
        pub request: FindCallbackRequestQuery = "request",
    }
}

wire_struct! {
    /// `getCallbackPreferredPeriods`: the preferred periods, answered by
    /// `PreferredCallbackPeriodList`.
    ///
    /// ```json
    /// {"claz":"web","command":"getCallbackPreferredPeriods"}
    /// ```
    pub struct GetCallbackPreferredPeriods skips ["claz", "command"] new() {
    }
}

wire_struct! {
    /// `takeCallback`: take a callback request (`CallbackTaken`).
    ///
    /// ```json
    /// {"claz":"web","command":"takeCallback","uuid":"0b5e2a4c-2d2f-4a7e-9c1e-3f8a1b2c3d4e"}
    /// ```
    pub struct TakeCallback skips ["claz", "command"] new(uuid: String) {
        /// The callback request.
        pub uuid: String = "uuid",
    }
}

wire_struct! {
    /// `releaseCallback`: give a taken callback request back (`CallbackReleased`).
    ///
    /// ```json
    /// {"claz":"web","command":"releaseCallback","uuid":"0b5e2a4c-2d2f-4a7e-9c1e-3f8a1b2c3d4e"}
    /// ```
    pub struct ReleaseCallback skips ["claz", "command"] new(uuid: String) {
        /// The callback request.
        pub uuid: String = "uuid",
    }
}

wire_struct! {
    /// `startCallback`: call the number of a callback request (`CallbackStarted`).
    ///
    /// ```json
    /// {"claz":"web","command":"startCallback","uuid":"0b5e2a4c-2d2f-4a7e-9c1e-3f8a1b2c3d4e","number":"0612345678"}
    /// ```
    pub struct StartCallback skips ["claz", "command"] new(uuid: String, number: String) {
        /// The callback request.
        pub uuid: String = "uuid",
        /// The number to call.
        pub number: String = "number",
    }
}

wire_struct! {
    /// `listenCallbackMessage`: play the voice message of a callback request.
    ///
    /// ```json
    /// {"claz":"web","command":"listenCallbackMessage","voiceMessageRef":"1469709960.78"}
    /// ```
    pub struct ListenCallbackMessage skips ["claz", "command"] new(voice_message_ref: String) {
        /// The voice message.
        pub voice_message_ref: String = "voiceMessageRef",
    }
}

wire_struct! {
    /// `updateCallbackTicket`: close or reschedule a callback request. cti.js sends `dueDate`
    /// and `periodUuid` only when both are given.
    ///
    /// ```json
    /// {"claz":"web","command":"updateCallbackTicket","uuid":"0b5e2a4c-2d2f-4a7e-9c1e-3f8a1b2c3d4e","status":"Callback","comment":"call again","dueDate":"2024-01-02","periodUuid":"7f9c1d2e-0000-4000-8000-000000000001"}
    /// ```
    pub struct UpdateCallbackTicket skips ["claz", "command"] new(uuid: String, status: String, comment: String) {
        /// The callback request.
        pub uuid: String = "uuid",
        /// The outcome (values not documented).
        pub status: String = "status",
        /// A comment.
        pub comment: String = "comment",
        /// New due date.
        pub due_date: Option<String> = "dueDate",
        /// New preferred period.
        pub period_uuid: Option<String> = "periodUuid",
    }
}

wire_struct! {
    /// `FindCallbackResponseWithId`: answer to `findCallbackRequest`, with its `id`. Only
    /// the name is known, so every field is optional and the others are kept.
    ///
    /// ```json
    /// {"msgType":"FindCallbackResponseWithId","ctiMessage":{"id":1}}
    /// ```
    pub struct FindCallbackResponseWithId {
        /// The `id` of the request.
        pub id: Option<NumberOrText> = "id",
    }
}

raw_payload! {
    /// `CallbackLists`: the callback lists, answer to `getCallbackLists`.
    /// No sample is known, so the payload is kept as it came.
    pub struct CallbackLists;
}

raw_payload! {
    /// `CallbackTaken`: a callback request was taken.
    /// No sample is known, so the payload is kept as it came.
    pub struct CallbackTaken;
}

raw_payload! {
    /// `CallbackReleased`: a callback request was released.
    /// No sample is known, so the payload is kept as it came.
    pub struct CallbackReleased;
}

raw_payload! {
    /// `CallbackStarted`: a callback call started.
    /// No sample is known, so the payload is kept as it came.
    pub struct CallbackStarted;
}

raw_payload! {
    /// `CallbackClotured` (sic): a callback request was closed.
    /// No sample is known, so the payload is kept as it came.
    pub struct CallbackClotured;
}

raw_payload! {
    /// `PreferredCallbackPeriodList`: answer to `getCallbackPreferredPeriods`.
    /// No sample is known, so the payload is kept as it came.
    pub struct PreferredCallbackPeriodList;
}

raw_payload! {
    /// `CallbackRequestUpdated`: a callback request changed.
    /// No sample is known, so the payload is kept as it came.
    pub struct CallbackRequestUpdated;
}
