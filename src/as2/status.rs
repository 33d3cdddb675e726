//! Vultron's status names (`REPORT_MANAGEMENT_RECEIVED`,
//! `CS_VENDOR_AWARE__NO_FIX__NOT_DEPLOYED`, `EMBARGO_MANAGEMENT_ACTIVE`, …) and the
//! short forms some documents use (`Vfd`, `pxa`).

use super::As2Error;
use crate::cs::{Pxa, Vfd};
use crate::em::EmState;
use crate::pec::PecState;
use crate::rm::RmState;
use crate::role::Role;

/// A status error of an activity's `object` (a `ParticipantStatus` or `CaseStatus`
/// added or created), with the field's path from the activity: `object.rmState`.
pub(crate) fn in_object(error: As2Error) -> As2Error {
    let within = |field: &'static str| match field {
        "rmState" => "object.rmState",
        "vfdState" => "object.vfdState",
        "emState" => "object.emState",
        "pxaState" => "object.pxaState",
        "emConsentState" => "object.emConsentState",
        "cvdRole" => "object.cvdRole",
        other => other,
    };
    match error {
        As2Error::State { field, value } => As2Error::State {
            field: within(field),
            value,
        },
        As2Error::Field { field, problem } => As2Error::Field {
            field: within(field),
            problem,
        },
        other => other,
    }
}

fn unknown(field: &'static str, value: &str) -> As2Error {
    As2Error::State {
        field,
        value: value.chars().take(64).collect(),
    }
}

/// `REPORT_MANAGEMENT_<STATE>` (or the bare state name) as an RM state.
///
/// # Errors
/// [`As2Error::State`] for an unknown name.
pub fn rm_state(text: &str) -> Result<RmState, As2Error> {
    let name = text.strip_prefix("REPORT_MANAGEMENT_").unwrap_or(text);
    match name {
        "START" => Ok(RmState::Start),
        "RECEIVED" => Ok(RmState::Received),
        "INVALID" => Ok(RmState::Invalid),
        "VALID" => Ok(RmState::Valid),
        "ACCEPTED" => Ok(RmState::Accepted),
        "DEFERRED" => Ok(RmState::Deferred),
        "CLOSED" => Ok(RmState::Closed),
        _ => Err(unknown("rmState", text)),
    }
}

/// `EMBARGO_MANAGEMENT_<STATE>` (or the bare state name) as an EM state.
///
/// # Errors
/// [`As2Error::State`] for an unknown name.
pub fn em_state(text: &str) -> Result<EmState, As2Error> {
    let name = text.strip_prefix("EMBARGO_MANAGEMENT_").unwrap_or(text);
    match name {
        "NONE" => Ok(EmState::None),
        "PROPOSED" => Ok(EmState::Proposed),
        "ACTIVE" => Ok(EmState::Active),
        "REVISE" => Ok(EmState::Revise),
        "EXITED" => Ok(EmState::Exited),
        _ => Err(unknown("emState", text)),
    }
}

/// `CS_VENDOR_{AWARE,UNAWARE}__{FIX_READY,NO_FIX}__{FIX_DEPLOYED,NOT_DEPLOYED}` or the
/// short form (`vfd`, `Vfd`, `VFd`, `VFD`) as a fix status.
///
/// # Errors
/// [`As2Error::State`] for an unknown or impossible combination.
pub fn vfd_state(text: &str) -> Result<Vfd, As2Error> {
    if let Ok(vfd) = text.parse::<Vfd>() {
        return Ok(vfd);
    }
    match text {
        "CS_VENDOR_UNAWARE__NO_FIX__NOT_DEPLOYED" => Ok(Vfd::Unaware),
        "CS_VENDOR_AWARE__NO_FIX__NOT_DEPLOYED" => Ok(Vfd::Aware),
        "CS_VENDOR_AWARE__FIX_READY__NOT_DEPLOYED" => Ok(Vfd::FixReady),
        "CS_VENDOR_AWARE__FIX_READY__FIX_DEPLOYED" => Ok(Vfd::FixDeployed),
        _ => Err(unknown("vfdState", text)),
    }
}

/// `CS_PUBLIC_{AWARE,UNAWARE}__{EXPLOIT,NO_EXPLOIT}__{ATTACKS,NO_ATTACKS}` or the
/// short form (`pxa`, `PxA`, …) as the public facts.
///
/// # Errors
/// [`As2Error::State`] for an unknown name.
pub fn pxa_state(text: &str) -> Result<Pxa, As2Error> {
    if let Ok(pxa) = text.parse::<Pxa>() {
        return Ok(pxa);
    }
    let parts: Vec<&str> = text
        .strip_prefix("CS_")
        .ok_or_else(|| unknown("pxaState", text))?
        .split("__")
        .collect();
    let [p, x, a] = parts.as_slice() else {
        return Err(unknown("pxaState", text));
    };
    let flag = |value: &str, yes: &str, no: &str| match value {
        v if v == yes => Ok(true),
        v if v == no => Ok(false),
        _ => Err(unknown("pxaState", text)),
    };
    Ok(Pxa::new(
        flag(p, "PUBLIC_AWARE", "PUBLIC_UNAWARE")?,
        flag(x, "EXPLOIT", "NO_EXPLOIT")?,
        flag(a, "ATTACKS", "NO_ATTACKS")?,
    ))
}

/// Vultron's participant embargo consent (`NO_EMBARGO`, `INVITED`, `SIGNATORY`,
/// `DECLINED`, `LAPSED`) as a consent state.
///
/// # Errors
/// [`As2Error::State`] for an unknown name.
pub fn consent_state(text: &str) -> Result<PecState, As2Error> {
    match text.to_ascii_uppercase().as_str() {
        "NO_EMBARGO" | "NONE" => Ok(PecState::NoEmbargo),
        "INVITED" => Ok(PecState::Invited),
        "SIGNATORY" => Ok(PecState::Signatory),
        "DECLINED" => Ok(PecState::Declined),
        "LAPSED" => Ok(PecState::Lapsed),
        _ => Err(unknown("emConsentState", text)),
    }
}

/// The consent state's Vultron name.
#[must_use]
pub const fn consent_name(consent: PecState) -> &'static str {
    match consent {
        PecState::NoEmbargo => "NO_EMBARGO",
        PecState::Invited => "INVITED",
        PecState::Signatory => "SIGNATORY",
        PecState::Declined => "DECLINED",
        PecState::Lapsed => "LAPSED",
    }
}

/// A Vultron CVD role name (`FINDER`, `vendor`, …) as a role; `None` for
/// `CASE_OWNER` and `CASE_MANAGER`, which are authority in the case, not CVD roles.
///
/// # Errors
/// [`As2Error::State`] for an unknown name.
pub fn role(text: &str) -> Result<Option<Role>, As2Error> {
    match text.to_ascii_uppercase().as_str() {
        "FINDER" => Ok(Some(Role::Finder)),
        "REPORTER" => Ok(Some(Role::Reporter)),
        "VENDOR" => Ok(Some(Role::Vendor)),
        "DEPLOYER" => Ok(Some(Role::Deployer)),
        "COORDINATOR" => Ok(Some(Role::Coordinator)),
        "OBSERVER" | "OTHER" => Ok(Some(Role::Other)),
        "CASE_OWNER" | "CASE_MANAGER" => Ok(None),
        _ => Err(unknown("cvdRole", text)),
    }
}

/// The role's Vultron name.
#[must_use]
pub const fn role_name(role: Role) -> &'static str {
    match role {
        Role::Finder => "FINDER",
        Role::Reporter => "REPORTER",
        Role::Vendor => "VENDOR",
        Role::Deployer => "DEPLOYER",
        Role::Coordinator => "COORDINATOR",
        Role::Other => "OBSERVER",
    }
}
