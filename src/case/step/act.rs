//! `Input::Act`: a participant's local decision, announced as the message the
//! action maps to ([`Action::announces`]).

use std::borrow::Cow;

use super::{Mode, Who, Work};
use crate::case::error::{Attempt, CaseError};
use crate::case::input::{Action, Payload};
use crate::em::EmState;
use crate::message::MessageType;
use crate::rm::RmState;
use crate::rule::Rule;

impl Work<'_> {
    pub(super) fn act(&mut self, who: Who<'_>, action: &Action) -> Result<(), CaseError> {
        let actor = who.index;
        self.heard(actor);
        let attempt = Attempt::Action(action.kind());
        if self.case_record_action(who, action)? {
            return Ok(());
        }
        let em = self.after.embargo.state();
        match action {
            // Closing during an embargo is judged where `RC` is announced, in every
            // form (`Work::announced`); the override only says why.
            Action::CloseDespiteEmbargo { reason } if em.is_in_force() => {
                let detail = format!("report closed while the embargo is in force: {reason}");
                self.warn(Rule::CloseDuringEmbargo, Some(actor), detail);
            }
            Action::PublishEarly { reason } => {
                let detail = format!("early release: {reason}");
                self.warn(Rule::PublishDuringEmbargo, Some(actor), detail);
            }
            Action::Submit { to, .. } => {
                let target = self.member(to)?;
                if target == actor {
                    return Err(CaseError::Recipients {
                        reason: format!("`{to}` cannot submit the report to itself"),
                    });
                }
                if self.state(target).is_some_and(|s| s.rm == RmState::Closed) {
                    return Err(CaseError::Recipients {
                        reason: format!("`{to}` has closed its report and takes no part"),
                    });
                }
                let (kind, payload) = action
                    .announces(em)
                    .unwrap_or((MessageType::RS, Payload::None));
                return self.announce(
                    who,
                    kind,
                    Cow::Owned(payload),
                    &[target],
                    attempt,
                    Mode::Local,
                );
            }
            Action::AcceptEmbargo | Action::RejectEmbargo
                if em == EmState::Active && self.may_join_embargo(actor) =>
            {
                // Joining (or declining) the embargo already in force: the same path
                // as a late `EA`/`ER` (views.rs).
                self.late_consent(actor, matches!(action, Action::AcceptEmbargo));
                return Ok(());
            }
            _ => {}
        }
        let Some((kind, payload)) = action.announces(em) else {
            return Ok(());
        };
        let audience = self.audience(Some(actor));
        self.announce(
            who,
            kind,
            Cow::Owned(payload),
            &audience,
            attempt,
            Mode::Local,
        )
    }
}
