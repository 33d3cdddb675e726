//! `Input::Status`: a participant's reported state, as the messages announcing
//! each step. The path of RM messages is found in the RM table and each step's
//! message read off the send table (`Announces::Rm`); the fix path off the send
//! table's `Announces::Cs` rows.

use std::borrow::Cow;

use super::{Mode, Who, Work};
use crate::case::error::{Attempt, CaseError};
use crate::case::input::Payload;
use crate::message::{Announces, MessageType};
use crate::participant::ParticipantId;
use crate::rm::RmState;
use crate::rule::Rule;

impl Work<'_> {
    /// A participant's reported status, as the messages announcing each step.
    pub(super) fn status_report(
        &mut self,
        id: &ParticipantId,
        rm: Option<RmState>,
        vfd: Option<crate::cs::Vfd>,
    ) -> Result<(), CaseError> {
        let index = self.member(id)?;
        let who = Who { index, id };
        let mut steps: Vec<MessageType> = Vec::new();
        let current = self.view(index);
        if let Some(target) = rm {
            match rm_path(current.rm(), target) {
                Some(path) => steps.extend(path),
                None => {
                    let reason = format!(
                        "`{}` cannot be reached from `{}` by the participant itself",
                        target,
                        current.rm()
                    );
                    return Err(self.refusal(
                        who,
                        Attempt::Status,
                        Rule::StatusUnreachable,
                        reason,
                        Some(MessageType::RE),
                        Mode::Peer,
                    ));
                }
            }
        }
        if let Some(target) = vfd {
            let mut at = current.cs().vfd();
            while at < target {
                let (Some(event), Some(next)) =
                    (at.next_event(), at.next_event().and_then(|e| at.after(e)))
                else {
                    break;
                };
                let Some(message) =
                    MessageType::all().find(|m| m.send_rule().announces == Announces::Cs(event))
                else {
                    break;
                };
                steps.push(message);
                at = next;
            }
            if target < current.cs().vfd() {
                let reason = format!("fix status `{target}` is behind `{}`", current.cs().vfd());
                return Err(self.refusal(
                    who,
                    Attempt::Status,
                    Rule::StatusUnreachable,
                    reason,
                    Some(MessageType::CE),
                    Mode::Peer,
                ));
            }
        }
        let jumps = steps.len() > 1 && !self.policy_before().accept_status_jumps;
        if jumps {
            let path: Vec<&str> = steps.iter().map(|m| m.code()).collect();
            let reason = format!(
                "the report skips steps ({}); the policy does not accept jumps",
                path.join(" ")
            );
            return Err(self.refusal(
                who,
                Attempt::Status,
                Rule::StatusJump,
                reason,
                None,
                Mode::Peer,
            ));
        }
        self.heard(index);
        for kind in steps {
            let audience = self.audience(Some(index));
            self.announce(
                who,
                kind,
                Cow::Owned(Payload::None),
                &audience,
                Attempt::Status,
                Mode::Peer,
            )?;
        }
        Ok(())
    }
}

/// The messages announcing the shortest path of RM actions from `from` to `to`
/// that the participant takes itself (receiving the report is not one of them).
fn rm_path(from: RmState, to: RmState) -> Option<Vec<MessageType>> {
    use crate::rm::RmAction;
    let announce = |action: RmAction| {
        MessageType::all().find(|m| m.send_rule().announces == Announces::Rm(action))
    };
    let mut frontier: Vec<(RmState, Vec<MessageType>)> = vec![(from, Vec::new())];
    let mut seen = vec![from];
    while !frontier.is_empty() {
        let mut next = Vec::new();
        for (state, path) in frontier {
            if state == to {
                return Some(path);
            }
            for row in crate::rm::TRANSITIONS
                .iter()
                .filter(|row| row.from == state)
            {
                if let Some(message) = announce(row.action)
                    && !seen.contains(&row.to)
                {
                    seen.push(row.to);
                    let mut longer = path.clone();
                    longer.push(message);
                    next.push((row.to, longer));
                }
            }
        }
        frontier = next;
    }
    None
}
