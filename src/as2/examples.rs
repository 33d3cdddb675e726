//! One document per message mpcvd can write, for a sample case (`mpcvd as2
//! examples`): every message type with a wire form, the embargo forms in each
//! state that tells them apart, and `RC` in both of its forms.

use serde_json::Value;
use strum::IntoEnumIterator;

use super::write::{Wire, write};
use crate::cs::Pxa;
use crate::em::EmState;
use crate::message::MessageType;
use crate::pec::PecState;
use crate::rm::RmState;

const FINDER: &str = "https://finder.example/actors/fay";
const VENDOR: &str = "https://vendor.example/actors/acme";

/// The sample case's wire context for `message` sent by `actor` to `to`.
fn sample(message: MessageType, n: usize) -> Wire {
    use MessageType as M;
    let from_finder = matches!(message, M::RS | M::GI);
    let (actor, to) = if from_finder {
        (FINDER, VENDOR)
    } else {
        (VENDOR, FINDER)
    };
    let em = match message {
        M::EP => EmState::None,
        M::EA | M::ER | M::ET | M::EV => EmState::Active,
        M::EC | M::EJ => EmState::Revise,
        _ => EmState::None,
    };
    // The acceptance and rejection of a proposal are sent while it is pending.
    let em = if matches!(message, M::EA | M::ER) {
        EmState::Proposed
    } else {
        em
    };
    let pxa = match message {
        M::CP => Pxa::new(true, false, false),
        M::CX => Pxa::new(true, true, false),
        M::CA => Pxa::new(true, true, true),
        _ => Pxa::new(false, false, false),
    };
    Wire {
        id: format!("urn:example:activity:{n}"),
        actor: actor.to_owned(),
        to: vec![to.to_owned()],
        published: Some("2026-01-02T00:00:00Z".to_owned()),
        case: "urn:example:case:1".to_owned(),
        report: "urn:example:report:1".to_owned(),
        report_name: "Overflow in the parser".to_owned(),
        report_content: "A crafted input overflows the parser's buffer.".to_owned(),
        reporter: FINDER.to_owned(),
        offer: "urn:example:activity:offer".to_owned(),
        offered_to: VENDOR.to_owned(),
        embargo: "urn:example:embargo:1".to_owned(),
        embargo_window: Some((
            "2026-01-02T00:00:00Z".to_owned(),
            "2026-03-02T00:00:00Z".to_owned(),
        )),
        participant: "urn:example:participant:acme".to_owned(),
        em,
        rm: if matches!(message, M::RC) {
            RmState::Invalid
        } else {
            RmState::Accepted
        },
        consent: PecState::Signatory,
        pxa,
        text: "Is a workaround available?".to_owned(),
        in_reply_to: matches!(message, M::GK)
            .then(|| "urn:example:activity:question#note".to_owned()),
    }
}

/// Every document mpcvd writes for the sample case: `(message, embargo state when
/// sent, document)`, in message order; `RC` twice (before and after the report is
/// accepted).
#[must_use]
pub fn examples() -> Vec<(MessageType, EmState, Value)> {
    let mut out = Vec::new();
    for (n, message) in MessageType::iter().enumerate() {
        let wire = sample(message, n);
        if let Ok(doc) = write(message, &wire) {
            out.push((message, wire.em, doc));
        }
        if message == MessageType::RC {
            let mut after = wire;
            after.rm = RmState::Accepted;
            after.id = format!("urn:example:activity:{n}b");
            if let Ok(doc) = write(message, &after) {
                out.push((message, after.em, doc));
            }
        }
    }
    out
}
