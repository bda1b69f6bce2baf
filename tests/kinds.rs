//! Every known kind, both ways: its tag names it again (`from_tag`, or `from_frame_tags` for
//! a kind tagged by its `claz`).

use cti_proto::{CommandKind, EventKind};

#[test]
fn every_tag_names_its_kind_again() {
    for &kind in EventKind::ALL {
        assert_eq!(kind.tag_key(), "msgType", "{kind:?}");
        assert_eq!(EventKind::from_tag(kind.as_str()), Some(kind), "{kind:?}");
    }
    for &kind in CommandKind::ALL {
        let tag = kind.as_str();
        match kind.tag_key() {
            "command" => {
                assert_eq!(CommandKind::from_tag(tag), Some(kind), "{kind:?}");
                assert_eq!(
                    CommandKind::from_frame_tags("web", Some(tag)),
                    Some(kind),
                    "{kind:?}"
                );
                assert_eq!(CommandKind::from_frame_tags(tag, None), None, "{kind:?}");
            }
            "claz" => {
                assert_eq!(CommandKind::from_tag(tag), None, "{kind:?}");
                assert_eq!(
                    CommandKind::from_frame_tags(tag, None),
                    Some(kind),
                    "{kind:?}"
                );
                assert_eq!(
                    CommandKind::from_frame_tags(tag, Some("anything")),
                    Some(kind),
                    "{kind:?}"
                );
            }
            other => panic!("{kind:?}: a command's tag in `{other}`"),
        }
    }
    assert_eq!(
        CommandKind::from_frame_tags("ping", None),
        Some(CommandKind::Ping)
    );
    assert_eq!(CommandKind::from_frame_tags("web", None), None);
}
