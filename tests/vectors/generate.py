#!/usr/bin/env python3
"""Writes the conformance vectors in this folder (one JSON trace per file).

Run from the repository root: `python3 tests/vectors/generate.py`. The files are
committed; tests/conformance.rs reads them and checks each against its "expect".
"""
import datetime, json, os

HERE = os.path.dirname(os.path.abspath(__file__))

def t(day, hour=0):
    at = datetime.datetime(2026, 1, 1, hour) + datetime.timedelta(days=day)
    return at.strftime("%Y-%m-%dT%H:%M:%SZ")

def person(pid, roles, **extra):
    p = {"id": pid, "name": pid, "roles": roles}
    p.update(extra)
    return p

FAY = person("fay", ["finder", "reporter"])
CERT = person("cert", ["coordinator"])
ACME = person("acme", ["vendor"])
BOLT = person("bolt", ["vendor"])
# A vendor that deploys: only deployers send CD (reference §6, decision in docs/DESIGN.md).
ACME_DEPLOYS = person("acme", ["vendor", "deployer"])

def act(day, actor, action, expect=None, **fields):
    step = {"at": t(day), "input": "act", "actor": actor, "action": dict(action=action, **fields)}
    if expect: step["expect"] = expect
    return step

def msg(day, kind, frm, to, payload=None, expect=None):
    m = {"type": kind, "from": frm, "to": to}
    if payload: m["payload"] = payload
    step = {"at": t(day), "input": "message", "message": m}
    if expect: step["expect"] = expect
    return step

def tick(day, expect=None):
    step = {"at": t(day), "input": "tick"}
    if expect: step["expect"] = expect
    return step

def submit(day, frm, to, expect=None, **report):
    r = {"title": "overflow in the parser"}
    r.update(report)
    return act(day, frm, "submit", expect, to=to, report=r)

def terms(a, b):
    return {"start": t(a), "end": t(b)}

def sends(*items):
    out = []
    for kind, frm, to in items:
        s = {"type": kind, "to": to}
        if frm: s["from"] = frm
        out.append(s)
    return out

VECTORS = {}

def vector(name, description, steps, expect="conforms", participants=(FAY, ACME), policy="vultron", fmt=1):
    VECTORS[name] = {"format": 2} if fmt == 2 else {}
    VECTORS[name].update({
        "description": description,
        "expect": expect,
        "case": "VU#" + name,
        "start": t(0),
        "policy": policy,
        "participants": list(participants),
        "steps": steps,
    })

def violation(step, rule):
    return {"violation": {"step": step, "rule": rule}}

# ---- end-to-end scenarios -------------------------------------------------------
vector("e2e-single-vendor", "Single vendor from report to publication after an embargo expires.", [
    submit(1, "fay", "acme", {"sends": sends(("RS", "fay", ["acme"])), "participants": {"acme": {"rm": "received", "vfd": "Vfd"}}}),
    act(2, "acme", "validate", {"participants": {"acme": {"rm": "valid"}}}),
    act(2, "acme", "accept"),
    act(2, "fay", "propose_embargo", {"em": "proposed"}, terms=terms(2, 30)),
    act(3, "acme", "accept_embargo", {"em": "active", "participants": {"acme": {"consent": "signatory"}}}),
    act(20, "acme", "fix_ready", {"participants": {"acme": {"vfd": "VFd"}}}),
    tick(30, {"em": "exited", "sends": sends(("ET", None, ["fay", "acme"]))}),
    act(30, "acme", "publish", {"pxa": "Pxa"}),
    act(31, "acme", "close", {"participants": {"acme": {"rm": "closed"}}}),
])
vector("e2e-horizontal", "Horizontal multi-vendor case: a coordinator reaches two vendors who share one embargo and one release date.", [
    submit(1, "fay", "cert"),
    act(1, "cert", "validate"), act(1, "cert", "accept"),
    submit(2, "cert", "acme"), submit(2, "cert", "bolt"),
    act(2, "cert", "propose_embargo", {"sends": sends(("EP", "cert", ["fay", "acme", "bolt"]))}, terms=terms(2, 40)),
    act(3, "acme", "accept_embargo", {"em": "active"}),
    act(4, "bolt", "accept_embargo", {"em": "active", "participants": {"bolt": {"consent": "signatory"}}}),
    act(5, "acme", "validate"), act(5, "acme", "accept"), act(20, "acme", "fix_ready"),
    act(20, "bolt", "validate"),
    act(20, "bolt", "accept"), act(25, "bolt", "fix_ready"),
    tick(40, {"em": "exited"}),
    act(40, "cert", "publish", {"pxa": "Pxa"}),
], participants=(FAY, CERT, ACME, BOLT))
vector("e2e-vertical-supply-chain", "Vertical supply chain: a library vendor upstream, a product vendor downstream that hears of the upstream fix.", [
    submit(1, "fay", "cert"), act(1, "cert", "validate"), act(1, "cert", "accept"),
    submit(2, "cert", "lib"), submit(2, "cert", "app"),
    act(3, "lib", "validate"), act(3, "lib", "accept"),
    act(10, "lib", "fix_ready", {"sends": sends(("CF", "lib", ["fay", "cert", "app"]))}),
    act(11, "app", "validate"), act(11, "app", "accept"), act(15, "app", "fix_ready"),
    act(30, "cert", "publish"),
], participants=(FAY, CERT, person("lib", ["vendor"]), person("app", ["vendor"], upstream=["lib"])))
vector("e2e-reporter-publishes-early", "The reporter publishes during the embargo: the protocol records it and tears the embargo down.", [
    submit(1, "fay", "acme"),
    act(1, "fay", "propose_embargo", terms=terms(1, 45)), act(2, "acme", "accept_embargo"),
    act(5, "fay", "publish", {"em": "exited", "pxa": "Pxa"}),
])
vector("e2e-exploit-leaks", "An exploit leaks during the embargo: X implies P, the embargo ends, CX and CP are due, and ET announcing the end. "
       "Changed by the decision 'teardown announced' (issue 21): the sender's ET was not emitted before.", [
    submit(1, "fay", "acme"),
    act(1, "fay", "propose_embargo", terms=terms(1, 45)), act(2, "acme", "accept_embargo"),
    act(5, "acme", "exploit_published", {"em": "exited", "pxa": "PXa", "sends": sends(("CX", "acme", ["fay"]), ("CP", "acme", ["fay"]), ("ET", "acme", ["fay"]))}),
])
vector("e2e-publish-with-pending-proposal", "Publication while a proposal is pending drops it (P→N): the publisher sends ER, then CP (issue 21: ER first, so every receiver meets it while the proposal is pending).", [
    submit(1, "fay", "acme"),
    act(1, "fay", "propose_embargo", {"em": "proposed"}, terms=terms(1, 45)),
    act(2, "acme", "publish", {"em": "none", "pxa": "Pxa", "sends": sends(("ER", "acme", ["fay"]), ("CP", "acme", ["fay"]))}),
])
vector("e2e-attacks-end-embargo-announced", "Attacks observed during an embargo end it (default must policy): the observer sends CA, then ET (issue 21).", [
    submit(1, "fay", "acme"),
    act(1, "fay", "propose_embargo", terms=terms(1, 45)), act(2, "acme", "accept_embargo"),
    act(5, "acme", "attacks_observed", {"em": "exited", "pxa": "pxA", "sends": sends(("CA", "acme", ["fay"]), ("ET", "acme", ["fay"]))}),
])
vector("e2e-attacks-observed", "Attacks observed during the embargo end it under the default (must) policy; P is not set.", [
    submit(1, "fay", "acme"),
    act(1, "fay", "propose_embargo", terms=terms(1, 45)), act(2, "acme", "accept_embargo"),
    act(5, "acme", "attacks_observed", {"em": "exited", "pxa": "pxA"}),
])
vector("e2e-revision-accepted", "An embargo revision proposed and accepted replaces the terms.", [
    submit(1, "fay", "acme"),
    act(1, "fay", "propose_embargo", terms=terms(1, 30)), act(2, "acme", "accept_embargo"),
    act(10, "acme", "revise_embargo", {"em": "revise"}, terms=terms(1, 50)),
    act(11, "fay", "accept_embargo", {"em": "active"}),
    tick(30, {"em": "active"}),
    tick(50, {"em": "exited"}),
])
vector("e2e-revision-rejected", "An embargo revision rejected keeps the old terms.", [
    submit(1, "fay", "acme"),
    act(1, "fay", "propose_embargo", terms=terms(1, 30)), act(2, "acme", "accept_embargo"),
    act(10, "acme", "revise_embargo", terms=terms(1, 50)),
    act(11, "fay", "reject_embargo", {"em": "active"}),
    tick(30, {"em": "exited"}),
])
vector("e2e-embargo-expiry", "The embargo's end passes: the case itself sends ET and moves EM to eXited.", [
    submit(1, "fay", "acme"),
    act(1, "fay", "propose_embargo", terms=terms(1, 10)), act(2, "acme", "accept_embargo"),
    tick(9, {"em": "active", "sends": []}),
    tick(10, {"em": "exited", "sends": sends(("ET", None, ["fay", "acme"]))}),
])
vector("e2e-vendor-never-answers", "CERT/CC-like policy: the vendor never answers; publication waits for the 45-day deadline, then goes ahead.", [
    act(0, "fay", "update_advisory", advisory={"title": "Overflow", "affected": [{"product": "acme-httpd", "versions": ["< 2"]}], "mitigations": ["disable the parser"]}),
    submit(1, "fay", "acme"),
    tick(45),
    act(46, "fay", "publish", {"pxa": "Pxa"}),
], policy="cert-cc")
vector("e2e-publish-before-deadline", "CERT/CC-like policy: publishing on day 10 while the vendor has no fix is refused.", [
    act(0, "fay", "update_advisory", advisory={"title": "Overflow", "affected": [{"product": "acme-httpd", "versions": ["< 2"]}], "mitigations": ["disable the parser"]}),
    submit(1, "fay", "acme"),
    act(10, "fay", "publish"),
], expect=violation(2, "publish.before-deadline"), policy="cert-cc")
vector("e2e-dispute-not-a-vulnerability", "A 'not a vulnerability' dispute stays open until the reporter agrees; then the report can be closed.", [
    act(0, "acme", "agree_to_rules"),
    submit(1, "fay", "acme"),
    act(2, "acme", "open_dispute", cause="security_implications", detail="works as designed"),
    act(3, "acme", "resolve_dispute", dispute=1, outcome={"outcome": "not_a_vulnerability"}, agreed_by=["acme"]),
    act(4, "fay", "agree_to_conclusion", dispute=1),
    act(5, "acme", "invalidate"),
    act(5, "acme", "close", {"participants": {"acme": {"rm": "closed"}}}),
], policy="bug-bounty")
vector("e2e-dispute-blocks-closing", "Bug-bounty-like policy: closing while the reporter has not agreed to 'not a vulnerability' is refused.", [
    act(0, "acme", "agree_to_rules"),
    submit(1, "fay", "acme"),
    act(2, "acme", "open_dispute", cause="security_implications", detail="works as designed"),
    act(3, "acme", "resolve_dispute", dispute=1, outcome={"outcome": "not_a_vulnerability"}, agreed_by=["acme"]),
    act(5, "acme", "invalidate"),
    act(5, "acme", "close"),
], expect=violation(5, "close.open-dispute"), policy="bug-bounty")
vector("e2e-coordinator-added-mid-case", "A coordinator joins mid-case (a normal, logged step) and reaches a second vendor.", [
    submit(1, "fay", "acme"),
    {"at": t(3), "input": "add_participant", "participant": person("cert", ["coordinator"], engaged_for="multiple_vendors"), "by": "fay"},
    submit(3, "fay", "cert", {"participants": {"cert": {"rm": "received"}}}),
    act(3, "cert", "validate"), act(3, "cert", "accept"),
    {"at": t(4), "input": "add_participant", "participant": BOLT, "by": "cert"},
    submit(4, "cert", "bolt", {"participants": {"bolt": {"rm": "received", "vfd": "Vfd"}}}),
])

# ---- receive rules (peer messages) ------------------------------------------------
vector("recv-rs-start", "RS to a vendor in Start: S→R, the vendor becomes aware; RK and CV are due.", [
    msg(1, "RS", "fay", ["acme"], {"kind": "report", "title": "t"},
        {"participants": {"acme": {"rm": "received", "vfd": "Vfd"}}, "sends": sends(("RK", "acme", ["fay"]), ("CV", "acme", ["fay"]))}),
])
vector("recv-rs-reached", "RS to a participant already reached: only RK.", [
    submit(1, "fay", "acme"),
    msg(2, "RS", "fay", ["acme"], {"kind": "report", "title": "t"}, {"sends": sends(("RK", "acme", ["fay"]))}),
])
vector("recv-rv-start", "RV to a recipient in Start: the recipient answers RE and GI.", [
    submit(1, "fay", "cert"),
    msg(2, "RV", "cert", ["acme"], None, {"participants": {"cert": {"rm": "valid"}}, "sends": sends(("RE", "acme", ["cert"]), ("GI", "acme", ["cert"]))}),
], participants=(FAY, CERT, ACME))
vector("recv-rk-ignored", "RK changes nothing and is answered by nothing.", [
    submit(1, "fay", "acme"),
    msg(2, "RK", "acme", ["fay"], None, {"sends": []}),
])
vector("recv-ep-none", "EP in N: the embargo is proposed; every recipient acknowledges with EK.", [
    submit(1, "fay", "acme"),
    msg(1, "EP", "fay", ["acme"], {"kind": "embargo", "start": t(1), "end": t(30)}, {"em": "proposed", "sends": sends(("EK", "acme", ["fay"]))}),
])
vector("recv-ep-after-disclosure", "EP once the public is aware: refused with ER, nothing changes.", [
    submit(1, "fay", "acme"),
    act(2, "acme", "publish"),
    msg(3, "EP", "fay", ["acme"], {"kind": "embargo", "start": t(3), "end": t(30)}, {"em": "none", "sends": sends(("ER", "acme", ["fay"]))}),
])
vector("recv-et-exited", "ET after the embargo ended is acknowledged (EK) and changes nothing.", [
    submit(1, "fay", "acme"),
    act(1, "fay", "propose_embargo", terms=terms(1, 5)), act(2, "acme", "accept_embargo"),
    tick(5),
    msg(6, "ET", "acme", ["fay"], None, {"em": "exited", "sends": sends(("EK", "fay", ["acme"]))}),
])
vector("recv-cx-without-p", "CX while the public is unaware also sets P, and ends the embargo.", [
    submit(1, "fay", "acme"),
    act(1, "fay", "propose_embargo", terms=terms(1, 30)), act(2, "acme", "accept_embargo"),
    msg(3, "CX", "fay", ["acme"], None, {"pxa": "PXa", "em": "exited", "sends": sends(("CK", "acme", ["fay"]))}),
])
vector("recv-ca-no-p", "CA records attacks only (decision 3): P stays unset.", [
    submit(1, "fay", "acme"),
    msg(3, "CA", "fay", ["acme"], None, {"pxa": "pxA", "sends": sends(("CK", "acme", ["fay"]))}),
])
vector("recv-gi", "GI is answered with GK.", [
    submit(1, "fay", "acme"),
    msg(2, "GI", "acme", ["fay"], {"kind": "text", "text": "which version?"}, {"sends": sends(("GK", "fay", ["acme"]))}),
])
vector("recv-closed-ignores", "A closed participant ignores everything: a GI to it gets no answer.", [
    submit(1, "fay", "acme"),
    act(2, "acme", "invalidate"), act(2, "acme", "close"),
    msg(3, "GI", "fay", ["acme"], None, {"sends": [], "participants": {"acme": {"rm": "closed"}}}),
])
vector("status-one-step", "A reported status one step ahead is taken as the message announcing it.", [
    submit(1, "fay", "acme"),
    {"at": t(2), "input": "status", "participant": "acme", "rm": "valid", "expect": {"participants": {"acme": {"rm": "valid"}}, "sends": sends(("RK", "fay", ["acme"]))}},
])

# ---- send preconditions and cross-model rules (violations) ------------------------
vector("neg-close-from-valid", "Closing straight from Valid is refused (reference §1).", [
    submit(1, "fay", "acme"), act(2, "acme", "validate"), act(3, "acme", "close"),
], expect=violation(2, "send.report-state"))
vector("neg-fix-before-accept", "A fix before the report is accepted is refused (vendors fix only in A).", [
    submit(1, "fay", "acme"), act(2, "acme", "fix_ready"),
], expect=violation(1, "send.report-state"))
vector("neg-fix-by-reporter", "CF from a participant without the vendor role is refused.", [
    submit(1, "fay", "acme"), msg(2, "CF", "fay", ["acme"]),
], expect=violation(1, "send.role"))
vector("neg-embargo-after-publication", "No embargo may be proposed once the public is aware.", [
    submit(1, "fay", "acme"), act(2, "acme", "publish"),
    act(3, "fay", "propose_embargo", terms=terms(3, 20)),
], expect=violation(2, "send.case-state"))
vector("neg-self-accept", "The proposer cannot accept its own embargo proposal.", [
    submit(1, "fay", "acme"),
    act(1, "fay", "propose_embargo", terms=terms(1, 30)),
    act(1, "fay", "accept_embargo"),
], expect=violation(2, "embargo.self-accept"))
vector("neg-close-during-embargo", "Closing while an embargo is in force: a SHOULD NOT (reference §2), so a warning by default and the report closes; the embargo stays in force. "
       "Changed by the decision 'close during an embargo: one verdict' (issue 12 item 2, docs/DESIGN.md V1): the act was refused (close.embargo-in-force) while the same close as a message or status report was accepted.", [
    submit(1, "fay", "acme"),
    act(1, "fay", "propose_embargo", terms=terms(1, 30)), act(2, "acme", "accept_embargo"),
    act(3, "acme", "invalidate"),
    act(3, "acme", "close", {"em": "active", "participants": {"acme": {"rm": "closed"}}}),
])
vector("neg-terminate-never-active", "Terminating an embargo that was never in force is refused.", [
    submit(1, "fay", "acme"), act(2, "acme", "terminate_embargo"),
], expect=violation(1, "send.embargo-state"))
vector("neg-publish-during-embargo", "CERT/CC-like policy: publication while the embargo is in force is refused.", [
    act(0, "fay", "update_advisory", advisory={"title": "Overflow", "affected": [{"product": "acme-httpd", "versions": ["< 2"]}], "fixes": ["2.0"]}),
    submit(1, "fay", "acme"),
    act(1, "fay", "propose_embargo", terms=terms(1, 80)), act(2, "acme", "accept_embargo"),
    tick(60),
    act(60, "fay", "publish"),
], expect=violation(5, "publish.embargo-in-force"), policy="cert-cc")
vector("neg-unknown-sender", "A message from someone not in the case is refused.", [
    msg(1, "GI", "mallory", ["acme"]),
], expect=violation(0, "participant.unknown"))
vector("neg-time-backwards", "Inputs must not go back in time.", [
    submit(5, "fay", "acme"), act(4, "acme", "validate"),
], expect=violation(1, "time.monotonic"))
vector("neg-wrong-payload", "EP needs embargo terms as its payload.", [
    submit(1, "fay", "acme"), msg(2, "EP", "fay", ["acme"]),
], expect=violation(1, "message.payload"))
vector("neg-status-jump", "A reported status two steps ahead is refused by the strict protocol (decision 5).", [
    submit(1, "fay", "acme"),
    {"at": t(2), "input": "status", "participant": "acme", "rm": "accepted"},
], expect=violation(1, "status.jump"))
vector("neg-peer-ri-from-start", "A peer in Start cannot announce RI: it never received the report.", [
    submit(1, "fay", "cert"), msg(2, "RI", "acme", ["fay"]),
], expect=violation(1, "send.report-state"), participants=(FAY, CERT, ACME))
vector("neg-individual-multi-vendor", "JPCERT/CC-like policy: an individually registered vendor may not join a multi-vendor case.", [
    {"at": t(1), "input": "add_participant", "participant": person("bolt", ["vendor"], registration="individual"), "by": "fay"},
], expect=violation(0, "participant.individual-multi-vendor"), policy="jpcert-cc")

# ---- authority over the case (issue 12 item 4) ------------------------------------
# Under cert-cc the coordinator opens the case (the first participant owns it) and
# holds every power; a vendor holds none.
def change_policy(day, by, policy, expect=None):
    step = {"at": t(day), "input": "change_policy", "policy": policy, "by": by}
    if expect: step["expect"] = expect
    return step

def add(day, by, participant, expect=None):
    step = {"at": t(day), "input": "add_participant", "participant": participant, "by": by}
    if expect: step["expect"] = expect
    return step

def remove(day, by, who, expect=None):
    step = {"at": t(day), "input": "remove_participant", "participant": who, "by": by}
    if expect: step["expect"] = expect
    return step

def ownership(day, kind, by, to=None, expect=None):
    step = {"at": t(day), "input": kind + "_ownership", "by": by}
    if to: step["to"] = to
    if expect: step["expect"] = expect
    return step

VULTRON = {"name": "vultron", "version": "1"}
EVE = person("eve", ["vendor"])

def cert_cc_case():
    return [submit(1, "fay", "cert"), act(1, "cert", "validate"), act(1, "cert", "accept"), submit(2, "cert", "acme")]

vector("auth-vendor-changes-policy", "cert-cc: a vendor moving the case to the plain `vultron` policy (lifting the embargo and reach-every-vendor guards) is refused; only the case owner `cert` may change the policy.", cert_cc_case() + [
    change_policy(3, "acme", VULTRON),
], expect=violation(4, "authority.change-policy"), participants=(CERT, FAY, ACME), policy="cert-cc")
vector("auth-vendor-removes-coordinator", "cert-cc: a vendor removing the coordinator is refused; only the case owner `cert` or a coordinator may remove participants.", cert_cc_case() + [
    remove(3, "acme", "cert"),
], expect=violation(4, "authority.remove-participant"), participants=(CERT, FAY, ACME), policy="cert-cc")
vector("auth-vendor-adds-outsider", "cert-cc: a vendor adding an outsider (who would then receive the embargoed report) is refused; only the case owner `cert` or a coordinator may add participants.", cert_cc_case() + [
    act(2, "cert", "propose_embargo", terms=terms(2, 40)), act(3, "acme", "accept_embargo"),
    add(4, "acme", EVE),
], expect=violation(6, "authority.add-participant"), participants=(CERT, FAY, ACME), policy="cert-cc")
vector("auth-vendor-proposes-embargo", "cert-cc: a vendor proposing embargo terms for the case is refused; the owner or a coordinator proposes, the vendor accepts or rejects.", cert_cc_case() + [
    act(3, "acme", "propose_embargo", terms=terms(3, 40)),
], expect=violation(4, "authority.propose-embargo"), participants=(CERT, FAY, ACME), policy="cert-cc")
vector("auth-owner-manages", "cert-cc: the case owner `cert` adds a vendor, removes it, and changes the policy: all accepted.", cert_cc_case() + [
    add(3, "cert", BOLT, {"owner": "cert"}),
    remove(3, "cert", "bolt"),
    change_policy(4, "cert", {"name": "cert-cc-strict", "version": "2"}),
], participants=(CERT, FAY, ACME), policy="cert-cc")
vector("auth-missing-actor", "Adding a participant to an open case must say who did it (`by`).", [
    {"at": t(1), "input": "add_participant", "participant": BOLT},
], expect=violation(0, "authority.missing-actor"))
vector("ownership-offered-accepted", "The owner `fay` offers the case's ownership to `cert`, who accepts: `cert` now changes the policy, and `fay` no longer may.", [
    ownership(1, "offer", "fay", to="cert", expect={"owner": "fay"}),
    ownership(2, "accept", "cert", expect={"owner": "cert"}),
    change_policy(3, "fay", VULTRON, {"refused": "authority.change-policy"}),
    change_policy(3, "cert", VULTRON, {"owner": "cert"}),
], participants=(FAY, CERT, ACME))
vector("ownership-offered-rejected", "The owner `fay` offers the case's ownership to `cert`, who rejects it: `fay` stays the owner and `cert` still may not change the policy.", [
    ownership(1, "offer", "fay", to="cert"),
    ownership(2, "reject", "cert", expect={"owner": "fay"}),
    change_policy(3, "cert", VULTRON, {"refused": "authority.change-policy"}),
    ownership(3, "accept", "cert", expect={"refused": "authority.ownership-offer"}),
], participants=(FAY, CERT, ACME))
vector("neg-ownership-accepted-by-other", "Only the member offered the case's ownership may accept it.", [
    ownership(1, "offer", "fay", to="cert"),
    ownership(2, "accept", "acme"),
], expect=violation(1, "authority.ownership-offer"), participants=(FAY, CERT, ACME))
vector("neg-ownership-offered-by-vendor", "A member who does not own the case may not offer its ownership.", [
    ownership(1, "offer", "acme", to="acme"),
], expect=violation(0, "authority.transfer-ownership"), participants=(FAY, CERT, ACME))

# ---- traces that contradict themselves ------------------------------------------
vector("contra-wrong-state", "The trace claims the vendor reached Valid without validating.", [
    submit(1, "fay", "acme", {"participants": {"acme": {"rm": "valid"}}}),
], expect={"contradiction": {"step": 0}})
vector("contra-missing-send", "The trace claims no message was due after a submission.", [
    submit(1, "fay", "acme", {"sends": []}),
], expect={"contradiction": {"step": 0}})
vector("contra-wrong-refusal", "The trace claims a step was refused that the protocol accepts.", [
    submit(1, "fay", "acme", {"refused": "send.role"}),
], expect={"contradiction": {"step": 0}})


# ---- receive rules for the remaining message types --------------------------------
def reached_pair():
    return [submit(1, "fay", "acme")]

vector("recv-ri-reached", "RI from a vendor to the reporter: the sender moves R→I; the reporter acknowledges.", reached_pair() + [
    msg(2, "RI", "acme", ["fay"], None, {"participants": {"acme": {"rm": "invalid"}}, "sends": sends(("RK", "fay", ["acme"]))}),
])
vector("recv-ra-reached", "RA after RV: the sender moves V→A; RK.", reached_pair() + [
    act(2, "acme", "validate"),
    msg(3, "RA", "acme", ["fay"], None, {"participants": {"acme": {"rm": "accepted"}}, "sends": sends(("RK", "fay", ["acme"]))}),
])
vector("recv-rd-reached", "RD: the sender defers V→D; RK.", reached_pair() + [
    act(2, "acme", "validate"),
    msg(3, "RD", "acme", ["fay"], None, {"participants": {"acme": {"rm": "deferred"}}, "sends": sends(("RK", "fay", ["acme"]))}),
])
vector("recv-rc-reached", "RC: the sender closes I→C; RK.", reached_pair() + [
    act(2, "acme", "invalidate"),
    msg(3, "RC", "acme", ["fay"], None, {"participants": {"acme": {"rm": "closed"}}, "sends": sends(("RK", "fay", ["acme"]))}),
])
vector("recv-re", "RE is answered with RK and GI.", reached_pair() + [
    msg(2, "RE", "acme", ["fay"], None, {"sends": sends(("RK", "fay", ["acme"]), ("GI", "fay", ["acme"]))}),
])
vector("recv-ea-proposed", "EA in P: the embargo starts; EK.", reached_pair() + [
    act(1, "fay", "propose_embargo", terms=terms(1, 30)),
    msg(2, "EA", "acme", ["fay"], None, {"em": "active", "sends": sends(("EK", "fay", ["acme"]))}),
])
vector("recv-er-proposed", "ER in P: the proposal is rejected (P→N); EK.", reached_pair() + [
    act(1, "fay", "propose_embargo", terms=terms(1, 30)),
    msg(2, "ER", "acme", ["fay"], None, {"em": "none", "sends": sends(("EK", "fay", ["acme"]))}),
])
vector("recv-ev-active", "EV in A: a revision is pending (A→R); EK.", reached_pair() + [
    act(1, "fay", "propose_embargo", terms=terms(1, 30)), act(2, "acme", "accept_embargo"),
    msg(3, "EV", "acme", ["fay"], {"kind": "embargo", "start": t(1), "end": t(40)}, {"em": "revise", "sends": sends(("EK", "fay", ["acme"]))}),
])
vector("recv-ej-revise", "EJ in R: the revision is rejected (R→A); EK.", reached_pair() + [
    act(1, "fay", "propose_embargo", terms=terms(1, 30)), act(2, "acme", "accept_embargo"),
    act(3, "acme", "revise_embargo", terms=terms(1, 40)),
    msg(4, "EJ", "fay", ["acme"], None, {"em": "active", "sends": sends(("EK", "acme", ["fay"]))}),
])
vector("recv-ec-revise", "EC in R: the revision is accepted (R→A); EK.", reached_pair() + [
    act(1, "fay", "propose_embargo", terms=terms(1, 30)), act(2, "acme", "accept_embargo"),
    act(3, "acme", "revise_embargo", terms=terms(1, 40)),
    msg(4, "EC", "fay", ["acme"], None, {"em": "active", "sends": sends(("EK", "acme", ["fay"]))}),
])
vector("recv-et-active", "ET in A: the embargo ends (A→X); EK.", reached_pair() + [
    act(1, "fay", "propose_embargo", terms=terms(1, 30)), act(2, "acme", "accept_embargo"),
    msg(3, "ET", "acme", ["fay"], None, {"em": "exited", "sends": sends(("EK", "fay", ["acme"]))}),
])
vector("recv-ee", "EE is answered with EK and GI.", reached_pair() + [
    msg(2, "EE", "acme", ["fay"], None, {"sends": sends(("EK", "fay", ["acme"]), ("GI", "fay", ["acme"]))}),
])
vector("recv-ek", "EK changes nothing and is answered by nothing.", reached_pair() + [
    msg(2, "EK", "acme", ["fay"], None, {"sends": []}),
])
vector("recv-cv", "CV from a vendor that learnt of the bug by other means: it records V; the receiver acknowledges with CK and does not change.", [
    msg(2, "CV", "acme", ["fay"], None, {"participants": {"acme": {"vfd": "Vfd", "rm": "start"}, "fay": {"rm": "accepted"}}, "sends": sends(("CK", "fay", ["acme"]))}),
])
vector("neg-cv-repeated", "CV from a vendor already aware (it received the report) repeats an event: refused.", reached_pair() + [
    msg(2, "CV", "acme", ["fay"]),
], expect=violation(1, "send.event"))
vector("recv-cf", "CF from an accepted vendor: its fix is ready; CK.", reached_pair() + [
    act(2, "acme", "validate"), act(2, "acme", "accept"),
    msg(3, "CF", "acme", ["fay"], None, {"participants": {"acme": {"vfd": "VFd"}}, "sends": sends(("CK", "fay", ["acme"]))}),
])
vector("recv-cd", "CD from an accepted vendor with a fix: deployed; CK. "
       "The vendor now also holds the deployer role: the decision 'only deployers send CD' (issue 12) would refuse a vendor alone.", reached_pair() + [
    act(2, "acme", "validate"), act(2, "acme", "accept"), act(3, "acme", "fix_ready"),
    msg(4, "CD", "acme", ["fay"], None, {"participants": {"acme": {"vfd": "VFD"}}, "sends": sends(("CK", "fay", ["acme"]))}),
], participants=(FAY, ACME_DEPLOYS))
vector("neg-cd-by-vendor-only", "CD from a vendor without the deployer role is refused: vendors without deployment capability never reach VFD (reference §6; decision in docs/DESIGN.md).", reached_pair() + [
    act(2, "acme", "validate"), act(2, "acme", "accept"), act(3, "acme", "fix_ready"),
    msg(4, "CD", "acme", ["fay"]),
], expect=violation(4, "send.role"))
vector("recv-cv-from-notifier", "CV from the notifier (a coordinator that sent the report to the vendor), not only the vendor: accepted, the sender unchanged; CK (issue 12: \"sent by notifier or vendor\"). "
       "Changed by the decision 'CV names whose awareness it reports' (issue 12 item 2, docs/DESIGN.md V4): the message now names the vendor (payload participant); without it a non-vendor's CV is refused (message.payload).", [
    submit(1, "fay", "cert"), act(1, "cert", "validate"), act(1, "cert", "accept"),
    submit(2, "cert", "acme"),
    msg(2, "CV", "cert", ["fay"], {"kind": "participant", "participant": "acme"}, {"participants": {"cert": {"rm": "accepted"}, "acme": {"vfd": "Vfd"}}, "sends": sends(("CK", "fay", ["cert"]))}),
], participants=(FAY, CERT, ACME))
vector("e2e-ea-after-deployment", "EA from a vendor at VFDpxa is accepted (the formal send table asks only ···pxa; a SHOULD-level warning, embargo.after-fix, is effected; issue 12).", [
    submit(1, "fay", "acme"),
    act(1, "acme", "validate"), act(1, "acme", "accept"), act(1, "acme", "fix_ready"), act(1, "acme", "fix_deployed", {"participants": {"acme": {"vfd": "VFD"}}}),
    act(2, "fay", "propose_embargo", terms=terms(2, 30)),
    act(3, "acme", "accept_embargo", {"em": "active", "sends": sends(("EA", "acme", ["fay"]))}),
], participants=(FAY, ACME_DEPLOYS))
vector("recv-cp", "CP: the public is aware; a proposed embargo is dropped (P→N); CK.", reached_pair() + [
    act(1, "fay", "propose_embargo", terms=terms(1, 30)),
    msg(2, "CP", "acme", ["fay"], None, {"pxa": "Pxa", "em": "none", "sends": sends(("CK", "fay", ["acme"]))}),
])
vector("recv-ce", "CE is answered with CK and GI.", reached_pair() + [
    msg(2, "CE", "acme", ["fay"], None, {"sends": sends(("CK", "fay", ["acme"]), ("GI", "fay", ["acme"]))}),
])
vector("recv-ck", "CK changes nothing and is answered by nothing.", reached_pair() + [
    msg(2, "CK", "acme", ["fay"], None, {"sends": []}),
])
vector("recv-gk", "GK changes nothing and is answered by nothing.", reached_pair() + [
    msg(2, "GK", "acme", ["fay"], None, {"sends": []}),
])
vector("recv-ge", "GE is answered with GI.", reached_pair() + [
    msg(2, "GE", "acme", ["fay"], None, {"sends": sends(("GI", "fay", ["acme"]))}),
])
vector("neg-cd-by-observer", "CD from a participant that is neither vendor nor deployer is refused.", [
    submit(1, "fay", "cert"), msg(2, "CD", "cert", ["fay"]),
], expect=violation(1, "send.role"), participants=(FAY, CERT))
vector("neg-rk-from-closed", "A closed participant may still acknowledge: RK is accepted and answered by nothing. "
       "Verdict changed by the decision 'RK, RE, GK, GE from any RM state' (issue 21; formal RM send table `*,*,*`): it was a send.report-state violation.", reached_pair() + [
    act(2, "acme", "invalidate"), act(2, "acme", "close"),
    msg(3, "RK", "acme", ["fay"], None, {"sends": []}),
])
vector("recv-re-from-closed", "RE from a closed participant is accepted (RMB-07: \"send RE regardless of the state\"; issue 21); the receiver answers RK and GI.", reached_pair() + [
    act(2, "acme", "invalidate"), act(2, "acme", "close"),
    msg(3, "RE", "acme", ["fay"], None, {"sends": sends(("RK", "fay", ["acme"]), ("GI", "fay", ["acme"]))}),
])
vector("recv-gk-from-closed", "GK from a closed participant is accepted (formal general send table `*,*,*`; issue 21) and answered by nothing.", reached_pair() + [
    act(2, "acme", "invalidate"), act(2, "acme", "close"),
    msg(3, "GK", "acme", ["fay"], None, {"sends": []}),
])

# ---- receive rules by receiver state class (generated) ---------------------------
# The receiver `cert` is put in a state class, then a peer (`fay`, a finder-reporter
# in Accepted) sends one message. Receiver classes: start (never reached), open
# (received), closed (invalid → closed).
def receiver_in(cls):
    steps = []
    if cls in ("open", "closed"):
        steps.append(submit(1, "fay", "cert"))
    if cls == "closed":
        steps += [act(1, "cert", "invalidate"), act(1, "cert", "close")]
    return steps

for cls in ("start", "open", "closed"):
    for kind, replies in [
        ("RK", {"start": [], "open": [], "closed": []}),
        ("RE", {"start": [("RK", "cert", ["fay"]), ("GI", "cert", ["fay"])], "open": [("RK", "cert", ["fay"]), ("GI", "cert", ["fay"])], "closed": []}),
        ("GI", {"start": [("GK", "cert", ["fay"])], "open": [("GK", "cert", ["fay"])], "closed": []}),
        ("GE", {"start": [("GI", "cert", ["fay"])], "open": [("GI", "cert", ["fay"])], "closed": []}),
        ("CK", {"start": [], "open": [], "closed": []}),
        ("CE", {"start": [("CK", "cert", ["fay"]), ("GI", "cert", ["fay"])], "open": [("CK", "cert", ["fay"]), ("GI", "cert", ["fay"])], "closed": []}),
        ("CA", {"start": [("CK", "cert", ["fay"])], "open": [("CK", "cert", ["fay"])], "closed": []}),
        ("EE", {"start": [("EK", "cert", ["fay"]), ("GI", "cert", ["fay"])], "open": [("EK", "cert", ["fay"]), ("GI", "cert", ["fay"])], "closed": []}),
    ]:
        vector("class-%s-%s" % (kind.lower(), cls),
               "%s from a peer to a receiver in the %s class: %s." % (kind, cls, "no reply" if not replies[cls] else "replies " + " + ".join(r[0] for r in replies[cls])),
               receiver_in(cls) + [msg(2, kind, "fay", ["cert"], None, {"sends": sends(*replies[cls])})],
               participants=(FAY, CERT))
    # RM statements from a vendor to the receiver: fay is the sender's audience too.
    for kind, prep in [("RV", []), ("RI", []), ("RD", [act(1, "acme", "validate")]), ("RA", [act(1, "acme", "validate")])]:
        replies = {"start": [("RE", "cert", ["acme"]), ("GI", "cert", ["acme"])], "open": [("RK", "cert", ["acme"])], "closed": []}[cls]
        vector("class-%s-%s" % (kind.lower(), cls),
               "%s from a vendor to a receiver in the %s class: %s." % (kind, cls, "no reply (closed)" if not replies else " + ".join(r[0] for r in replies)),
               receiver_in(cls) + [submit(1, "fay", "acme")] + prep + [msg(2, kind, "acme", ["cert"], None, {"sends": sends(*replies)})],
               participants=(FAY, CERT, ACME))

# ---- views: what each participant has been told (issue 12 item 1, reference §6) ----
# A coordinator proposes an embargo to everyone; acme's EA (to everyone) activates it.
# bolt was told of the proposal, then of the activation, and may not have seen the
# second notice when it sent its own decision.
def proposed_then_accepted_by_acme():
    return [
        submit(1, "fay", "cert"), act(1, "cert", "validate"), act(1, "cert", "accept"),
        submit(2, "cert", "acme"), submit(2, "cert", "bolt"),
        act(2, "cert", "propose_embargo", {"em": "proposed"}, terms=terms(2, 40)),
        msg(3, "EA", "acme", ["fay", "cert", "bolt"], None, {"em": "active"}),
    ]

FOUR = (FAY, CERT, ACME, BOLT)
vector("view-late-ea", "Late EA from a second vendor (sent while it saw the proposal, arriving after another's EA activated the embargo): its sender becomes a signatory, EK; not a violation (reference §6, issue 12 item 1).", proposed_then_accepted_by_acme() + [
    msg(4, "EA", "bolt", ["cert"], None, {"em": "active", "participants": {"bolt": {"consent": "signatory"}}, "sends": sends(("EK", "cert", ["bolt"]))}),
], participants=FOUR)
vector("view-late-er", "Late ER from a second vendor: its refusal is recorded (declined) while the embargo stays in force for the others; EK.", proposed_then_accepted_by_acme() + [
    msg(4, "ER", "bolt", ["cert"], None, {"em": "active", "participants": {"bolt": {"consent": "declined"}, "acme": {"consent": "signatory"}}, "sends": sends(("EK", "cert", ["bolt"]))}),
], participants=FOUR)
vector("view-late-accept-act", "The same late decision as an act: the same verdict and consent as view-late-ea.", proposed_then_accepted_by_acme() + [
    act(4, "bolt", "accept_embargo", {"em": "active", "participants": {"bolt": {"consent": "signatory"}}}),
], participants=FOUR)
vector("view-revision-crossing-rejection", "A revision acceptance (EC) crossing the revision's rejection (EJ): nothing changes, the recipient answers EE, the sender is not flagged (warning view.crossed).", proposed_then_accepted_by_acme() + [
    act(4, "bolt", "accept_embargo"),
    act(5, "cert", "revise_embargo", {"em": "revise"}, terms=terms(2, 60)),
    act(6, "acme", "reject_embargo", {"em": "active"}),
    msg(7, "EC", "bolt", ["cert"], None, {"em": "active", "sends": sends(("EE", "cert", ["bolt"]))}),
], participants=FOUR)
vector("view-ea-crossing-et", "An EA crossing a termination: the embargo it accepts is over; nothing changes, EE, the sender is not flagged.", proposed_then_accepted_by_acme() + [
    act(4, "acme", "terminate_embargo", {"em": "exited"}),
    msg(5, "EA", "bolt", ["cert"], None, {"em": "exited", "participants": {"bolt": {"consent": "no_embargo"}}, "sends": sends(("EE", "cert", ["bolt"]))}),
], participants=FOUR)
vector("view-cp-crossing-ep", "A proposal crossing the publication: the receiver refuses it with ER (receive rules), the proposer is not flagged.", reached_pair() + [
    act(2, "acme", "publish", {"pxa": "Pxa"}),
    msg(2, "EP", "fay", ["acme"], {"kind": "embargo", "start": t(2), "end": t(30)}, {"em": "none", "sends": sends(("ER", "acme", ["fay"]))}),
])
vector("view-cp-crossing-cp", "Two publications crossing: the second CP was sent before its sender heard of the first; nothing changes, not a violation (before issue 12 item 1 it was refused as send.event).", reached_pair() + [
    act(2, "fay", "publish", {"pxa": "Pxa"}),
    msg(2, "CP", "acme", ["fay"], None, {"pxa": "Pxa"}),
])
vector("view-neg-ea-never-invited", "EA from a vendor that joined once the embargo was in force: no view it held allows it.", proposed_then_accepted_by_acme() + [
    add(4, "cert", person("dave", ["vendor"])),
    submit(4, "cert", "dave"),
    msg(5, "EA", "dave", ["cert"]),
], expect=violation(9, "send.embargo-state"), participants=FOUR)
vector("view-neg-et-never-told", "ET from a vendor never told of any embargo (the proposal went to another): a violation.", [
    submit(1, "fay", "acme"), submit(1, "fay", "bolt"),
    msg(1, "EP", "fay", ["acme"], {"kind": "embargo", "start": t(1), "end": t(30)}),
    msg(2, "ET", "bolt", ["fay"]),
], expect=violation(3, "send.embargo-state"), participants=(FAY, ACME, BOLT))
vector("view-neg-stale-after-ek", "Acknowledgements narrow the view: after bolt's EKs confirm both notices, its EA is a violation again.", proposed_then_accepted_by_acme() + [
    msg(4, "EK", "bolt", ["cert"]), msg(4, "EK", "bolt", ["cert"]),
    msg(5, "EA", "bolt", ["cert"]),
], expect=violation(9, "send.embargo-state"), participants=FOUR)

# ---- one verdict per decision (issue 12 items 2 and 3; docs/DESIGN.md V1-V7) -------
# The trace format cannot claim warnings: these claim the verdict and the state.
def status(day, who, rm=None, vfd=None, expect=None):
    step = {"at": t(day), "input": "status", "participant": who}
    if rm: step["rm"] = rm
    if vfd: step["vfd"] = vfd
    if expect: step["expect"] = expect
    return step

def embargo_then_invalid():
    return [
        submit(1, "fay", "acme"),
        act(1, "fay", "propose_embargo", terms=terms(1, 30)), act(2, "acme", "accept_embargo"),
        act(3, "acme", "invalidate"),
    ]

CLOSED_IN_FORCE = {"em": "active", "participants": {"acme": {"rm": "closed"}}}
CLOSE_FORMS = {
    "act": lambda e=None: act(4, "acme", "close", e),
    "message": lambda e=None: msg(4, "RC", "acme", ["fay"], None, e),
    "status": lambda e=None: status(4, "acme", rm="closed", expect=e),
}
DENY_CLOSE = {"name": "close-strict", "version": "1", "rules": {"close.embargo-in-force": "deny"}}
for form, step in CLOSE_FORMS.items():
    vector(f"verdict-close-embargo-{form}", f"Closing during the embargo it accepted, as {'an' if form == 'act' else 'a'} {form}: the same verdict in every form, a warning (close.embargo-in-force, a SHOULD NOT of reference §2) and the report closes; the embargo stays in force.",
           embargo_then_invalid() + [step(CLOSED_IN_FORCE)])
    vector(f"verdict-neg-close-embargo-{form}", f"Closing during the embargo it accepted, as {'an' if form == 'act' else 'a'} {form}, under a policy raising close.embargo-in-force to deny: refused in every form (closing is the participant's decision, not a fact of the world).",
           embargo_then_invalid() + [step()], expect=violation(4, "close.embargo-in-force"), policy=DENY_CLOSE)
vector("verdict-close-despite-embargo-denied-policy", "The explicit override closes even where the policy denies closing during an embargo (a warning with the reason).",
       embargo_then_invalid() + [act(4, "acme", "close_despite_embargo", CLOSED_IN_FORCE, reason="report withdrawn")], policy=DENY_CLOSE)

def deployed_then_proposed():
    return [
        submit(1, "fay", "acme"),
        act(1, "acme", "validate"), act(1, "acme", "accept"), act(1, "acme", "fix_ready"),
        act(1, "acme", "fix_deployed", {"participants": {"acme": {"vfd": "VFD"}}}),
        act(2, "fay", "propose_embargo", terms=terms(2, 30)),
    ]
vector("verdict-ea-from-vfd-message", "EA from a vendor at VFDpxa as a peer message: accepted with the SHOULD caution embargo.after-fix, as the act is (e2e-ea-after-deployment).",
       deployed_then_proposed() + [msg(3, "EA", "acme", ["fay"], None, {"em": "active", "participants": {"acme": {"consent": "signatory"}}, "sends": sends(("EK", "fay", ["acme"]))})],
       participants=(FAY, ACME_DEPLOYS))

def coordinator_in_a():
    return [submit(1, "fay", "cert"), act(1, "cert", "validate"), act(1, "cert", "accept")]
vector("verdict-cv-from-coordinator", "CV from a coordinator naming the vendor it notified outside the case: the vendor's fix status becomes aware (V); its RM state is its own; the coordinator is unchanged.",
       coordinator_in_a() + [msg(2, "CV", "cert", ["fay"], {"kind": "participant", "participant": "acme"}, {"participants": {"acme": {"vfd": "Vfd", "rm": "start"}, "cert": {"rm": "accepted"}}, "sends": sends(("CK", "fay", ["cert"]))})],
       participants=(FAY, CERT, ACME))
vector("verdict-neg-cv-unnamed", "CV from a coordinator that names no vendor: refused (message.payload), since it reports no one's awareness.",
       coordinator_in_a() + [msg(2, "CV", "cert", ["fay"])], expect=violation(3, "message.payload"), participants=(FAY, CERT, ACME))
vector("verdict-neg-cv-names-non-vendor", "CV from a coordinator naming the reporter, who is not a vendor: refused (message.payload).",
       coordinator_in_a() + [msg(2, "CV", "cert", ["acme"], {"kind": "participant", "participant": "fay"})], expect=violation(3, "message.payload"), participants=(FAY, CERT, ACME))
vector("verdict-neg-cv-names-unknown", "CV from a coordinator naming someone not in the case: refused (message.payload).",
       coordinator_in_a() + [msg(2, "CV", "cert", ["fay"], {"kind": "participant", "participant": "mallory"})], expect=violation(3, "message.payload"), participants=(FAY, CERT, ACME))

def vendor_fixed():
    return reached_pair() + [act(2, "acme", "validate"), act(2, "acme", "accept"), act(3, "acme", "fix_ready")]
vector("verdict-neg-fix-deployed-act", "fix_deployed by a vendor without the deployer role: refused (send.role), as the CD message is (neg-cd-by-vendor-only).",
       vendor_fixed() + [act(4, "acme", "fix_deployed")], expect=violation(4, "send.role"))
vector("verdict-neg-fix-deployed-status", "A status report of VFD from a vendor without the deployer role: refused (send.role), as the act and the CD message are.",
       vendor_fixed() + [status(4, "acme", vfd="VFD")], expect=violation(4, "send.role"))

def signed_embargo():
    return [
        submit(1, "fay", "acme"),
        act(1, "fay", "propose_embargo", terms=terms(1, 80)), act(2, "acme", "accept_embargo"),
    ]
vector("verdict-signatory-publishes-vultron", "A signatory publishing under its embargo under the default policy: accepted with a warning (publish.embargo-in-force; issue 12 item 3), the embargo torn down.",
       signed_embargo() + [act(5, "acme", "publish", {"pxa": "Pxa", "em": "exited"})])
vector("verdict-signatory-publishes-vultron-message", "The same publication as a peer CP: the same verdict, a warning, the embargo torn down.",
       signed_embargo() + [msg(5, "CP", "acme", ["fay"], None, {"pxa": "Pxa", "em": "exited"})])
vector("verdict-neg-signatory-publishes-cert-cc", "A signatory publishing under its embargo as an act under cert-cc: refused (publish.embargo-in-force).",
       signed_embargo() + [act(5, "acme", "publish")], expect=violation(3, "publish.embargo-in-force"), policy="cert-cc")
vector("verdict-signatory-publishes-cert-cc-message", "The same publication as a peer CP under cert-cc: a publication is a fact of the world, so the deny becomes a warning and the embargo is torn down.",
       signed_embargo() + [msg(5, "CP", "acme", ["fay"], None, {"pxa": "Pxa", "em": "exited"})], policy="cert-cc")

exec(open(os.path.join(HERE, 'format2.py')).read())

for name, body in VECTORS.items():
    with open(os.path.join(HERE, name + ".json"), "w") as f:
        json.dump(body, f, indent=2)
        f.write("\n")
print(len(VECTORS), "vectors written")
