# Format-2 vectors and the claims added with it (issue 14). Read by generate.py,
# which defines the helpers used here; run generate.py, not this file.
import copy

def f2(name, description, steps, expect="conforms", **kw):
    vector(name, description, steps, expect=expect, fmt=2, **kw)

def contra(step):
    return {"contradiction": {"step": step}}

def deviations(*items):
    out = []
    for step, kind, rule, who in items:
        d = {"step": step, "kind": kind}
        if rule: d["rule"] = rule
        if who: d["participant"] = who
        out.append(d)
    return {"deviations": out}

def msg2(kind, frm, to, payload=None, re=None):
    m = {"type": kind, "from": frm, "to": to}
    if payload is not None: m["payload"] = payload
    if re: m["in_reply_to"] = re
    return m

def refused_document(cls, rule=None):
    r = {"class": cls}
    if rule: r["rule"] = rule
    return {"refused_document": r}

E = terms(1, 30)
E_PAYLOAD = dict(kind="embargo", **E)

def proposed(expect=None):
    return reached_pair() + [act(1, "fay", "propose_embargo", expect, terms=E)]

def accepted(expect=None):
    return proposed() + [act(2, "acme", "accept_embargo", expect)]

# ---- the embargo: state, terms, pending revision, proposer, end reason ------------
f2("f2-embargo-proposed", "The embargo claim after a proposal: state P, the proposed terms, who proposed them.",
   proposed({"embargo": {"state": "proposed", "terms": E, "proposed_by": "fay"}}))
f2("f2-embargo-active", "The embargo claim once accepted: state A, the terms in force, their proposer.",
   accepted({"embargo": {"state": "active", "terms": E, "proposed_by": "fay"}}))
f2("f2-embargo-pending-revision", "A revision pending: state R, the terms in force and their proposer, the pending terms and who proposed them.",
   accepted() + [act(10, "acme", "revise_embargo", {"embargo": {"state": "revise", "terms": E, "proposed_by": "fay", "pending": terms(1, 50), "revision_by": "acme"}}, terms=terms(1, 50))])
f2("f2-embargo-end-expired", "The embargo's end passes: state X, the terms that were in force, ended because it expired.",
   accepted() + [tick(30, {"embargo": {"state": "exited", "terms": E, "end": "expired"}})])
f2("f2-embargo-end-terminated", "A participant terminates the embargo (ET): ended because terminated.",
   accepted() + [act(5, "acme", "terminate_embargo", {"embargo": {"state": "exited", "terms": E, "end": "terminated"}})])
f2("f2-embargo-end-public", "The reporter publishes during the embargo: it ends because the public became aware.",
   accepted() + [act(5, "fay", "publish", {"embargo": {"state": "exited", "end": "public_aware"}})])
f2("f2-contra-embargo-state", "The trace claims the proposal is already in force.",
   proposed({"embargo": {"state": "active"}}), expect=contra(1))
f2("f2-contra-embargo-terms", "The trace claims terms ending a day later than those accepted.",
   accepted({"embargo": {"terms": terms(1, 31)}}), expect=contra(2))
f2("f2-contra-embargo-proposer", "The trace claims the vendor proposed the terms the reporter proposed.",
   accepted({"embargo": {"proposed_by": "acme"}}), expect=contra(2))
f2("f2-contra-embargo-pending", "The trace claims a different pending revision than the one proposed.",
   accepted() + [act(10, "acme", "revise_embargo", {"embargo": {"pending": terms(1, 60)}}, terms=terms(1, 50))], expect=contra(3))
f2("f2-contra-embargo-revision-by", "The trace claims the reporter proposed the vendor's revision.",
   accepted() + [act(10, "acme", "revise_embargo", {"embargo": {"revision_by": "fay"}}, terms=terms(1, 50))], expect=contra(3))
f2("f2-contra-embargo-end", "The trace claims a terminated embargo expired.",
   accepted() + [act(5, "acme", "terminate_embargo", {"embargo": {"end": "expired"}})], expect=contra(3))

# ---- warnings by rule id: "accepted" and "accepted with a SHOULD-NOT warning" differ --
f2("f2-warnings-close-during-embargo", "Closing during the embargo is accepted with exactly one warning, close.embargo-in-force (a SHOULD NOT, reference §2).",
   embargo_then_invalid() + [act(4, "acme", "close", dict(CLOSED_IN_FORCE, warnings={"exactly": ["close.embargo-in-force"]}))])
f2("f2-warnings-none", "An ordinary validation raises no warning.",
   reached_pair() + [act(2, "acme", "validate", {"warnings": {"exactly": []}})])
f2("f2-warnings-at-least", "A signatory publishing under its embargo (default policy): at least the warning publish.embargo-in-force.",
   signed_embargo() + [act(5, "acme", "publish", {"warnings": {"at_least": ["publish.embargo-in-force"]}})])
f2("f2-warnings-view-crossed", "A revision acceptance crossing its rejection: accepted with the informational warning view.crossed, EE due.",
   proposed_then_accepted_by_acme() + [
       act(4, "bolt", "accept_embargo"),
       act(5, "cert", "revise_embargo", terms=terms(2, 60)),
       act(6, "acme", "reject_embargo"),
       msg(7, "EC", "bolt", ["cert"], None, {"warnings": {"exactly": ["view.crossed"]}, "sends": sends(("EE", "cert", ["bolt"]))}),
   ], participants=FOUR)
f2("f2-contra-warnings-unclaimed", "The trace says closing during the embargo raised no warning: it raises close.embargo-in-force.",
   embargo_then_invalid() + [act(4, "acme", "close", {"warnings": {"exactly": []}})], expect=contra(4))
f2("f2-contra-warnings-at-least", "The trace claims a warning an ordinary validation does not raise.",
   reached_pair() + [act(2, "acme", "validate", {"warnings": {"at_least": ["close.embargo-in-force"]}})], expect=contra(1))

# ---- deadlines the step sets ----------------------------------------------------------
f2("f2-deadlines-embargo-ends", "Accepting an embargo sets the deadline at which it ends.",
   accepted({"deadlines": [{"at": t(30), "kind": {"deadline": "embargo_ends"}}]}))
f2("f2-deadlines-publish-allowed", "cert-cc: reaching the vendor sets the day publication is allowed (45 days), and publication goes ahead after it.", [
    act(0, "fay", "update_advisory", advisory={"title": "Overflow", "affected": [{"product": "acme-httpd", "versions": ["< 2"]}], "mitigations": ["disable the parser"]}),
    submit(1, "fay", "acme", {"deadlines": [{"at": t(46), "kind": {"deadline": "publish_allowed", "vendor": "acme"}}]}),
    tick(46),
    act(46, "fay", "publish", {"pxa": "Pxa", "deadlines": []}),
], policy="cert-cc")
def escalate(day, step):
    return {"at": t(day), "kind": {"deadline": "escalate", "vendor": "acme", "step": step}}
f2("f2-deadlines-escalation", "zdi: reaching a vendor sets its escalations (ZDI-style, business days from the report on Friday 2026-01-02): a second contact after 5, an intermediary after 5 more, the advisory at 15; a tick on the first of them makes nothing due (the escalation is the caller's).", [
    submit(1, "fay", "acme", {"deadlines": [escalate(8, "second_contact"), escalate(15, "contact_intermediary"), escalate(22, "publish_advisory")]}),
    tick(8, {"sends": [], "deadlines": []}),
], policy="zdi")
f2("f2-contra-deadlines-escalation", "The trace claims the vendor's first escalation falls a day earlier (calendar days, not business days).",
   [submit(1, "fay", "acme", {"deadlines": [escalate(7, "second_contact"), escalate(15, "contact_intermediary"), escalate(22, "publish_advisory")]})],
   expect=contra(0), policy="zdi")
f2("f2-contra-deadlines-day", "The trace claims the embargo ends a day later than its terms say.",
   accepted({"deadlines": [{"at": t(31), "kind": {"deadline": "embargo_ends"}}]}), expect=contra(2))
f2("f2-contra-deadlines-none", "The trace claims accepting an embargo sets no deadline.",
   accepted({"deadlines": []}), expect=contra(2))

# ---- payloads and in_reply_to of the messages made due -------------------------------
f2("f2-sends-payload", "The EP a proposal makes due carries the proposed terms.",
   proposed({"sends": [msg2("EP", "fay", ["acme"], E_PAYLOAD)]}))
f2("f2-sends-payload-none", "RV carries nothing (a claimed empty payload).",
   reached_pair() + [act(2, "acme", "validate", {"sends": [msg2("RV", "acme", ["fay"], {"kind": "none"})]})])
f2("f2-sends-in-reply-to", "The GK a GI calls for answers it (in_reply_to GI).",
   reached_pair() + [msg(2, "GI", "acme", ["fay"], None, {"sends": [msg2("GK", "fay", ["acme"], re="GI")]})])
f2("f2-contra-payload", "The trace claims the EP carries other terms.",
   proposed({"sends": [msg2("EP", "fay", ["acme"], dict(kind="embargo", **terms(1, 40)))]}), expect=contra(1))
f2("f2-contra-in-reply-to", "The trace claims the GK answers the report.",
   reached_pair() + [msg(2, "GI", "acme", ["fay"], None, {"sends": [msg2("GK", "fay", ["acme"], re="RS")]})], expect=contra(1))

# ---- a refused message: its error reply, and the messages it makes due (none) --------
RI_FROM_START = [submit(1, "fay", "cert")]
f2("f2-error-reply", "RI from a peer in Start is refused (send.report-state) and calls for RE from its recipients; it makes nothing due.",
   RI_FROM_START + [msg(2, "RI", "acme", ["fay"], None, {"refused": "send.report-state", "error_reply": "RE", "sends": []})], participants=(FAY, CERT, ACME))
f2("f2-error-reply-embargo", "EA from a vendor never invited to the embargo is refused (send.embargo-state) and calls for EE.",
   proposed_then_accepted_by_acme() + [
       add(4, "cert", person("dave", ["vendor"])), submit(4, "cert", "dave"),
       msg(5, "EA", "dave", ["cert"], None, {"refused": "send.embargo-state", "error_reply": "EE"}),
   ], participants=FOUR)
f2("f2-contra-error-reply", "The trace claims the refused RI calls for GE.",
   RI_FROM_START + [msg(2, "RI", "acme", ["fay"], None, {"refused": "send.report-state", "error_reply": "GE"})], expect=contra(1), participants=(FAY, CERT, ACME))
f2("f2-contra-error-reply-accepted", "The trace claims an error reply for a message the protocol accepts.",
   reached_pair() + [msg(2, "GI", "acme", ["fay"], None, {"error_reply": "GE"})], expect=contra(1))
f2("f2-contra-refused-sends", "The trace claims a refused message made a reply due (format 2 checks a refused step's sends; format 1 did not read them).",
   RI_FROM_START + [msg(2, "RI", "acme", ["fay"], None, {"refused": "send.report-state", "sends": sends(("RK", "fay", ["acme"]))})], expect=contra(1), participants=(FAY, CERT, ACME))
vector("f1-refused-sends-unread", "Format 1 keeps its meaning: the sends claimed on a refused step are not read, so this false claim is not a deviation (format 2 catches it: f2-contra-refused-sends).",
   RI_FROM_START + [msg(2, "RI", "acme", ["fay"], None, {"refused": "send.report-state", "sends": sends(("RK", "fay", ["acme"]))})], participants=(FAY, CERT, ACME))

# ---- consent and the embargo view, in act, message and status steps -----------------
f2("f2-embargo-view", "After a proposal the proposer holds [P]; the vendor was told of it but may not have seen it: [N, P], consent invited. Its EK confirms it: [P].",
   proposed({"participants": {"fay": {"embargo_view": ["proposed"], "consent": "signatory"}, "acme": {"embargo_view": ["none", "proposed"], "consent": "invited"}}})
   + [msg(2, "EK", "acme", ["fay"], None, {"participants": {"acme": {"embargo_view": ["proposed"]}}})])
f2("f2-consent-status-step", "A status step (the vendor reports Valid) with its consent and embargo view.",
   proposed() + [status(2, "acme", rm="valid", expect={"participants": {"acme": {"rm": "valid", "consent": "invited", "embargo_view": ["none", "proposed"]}}})])
f2("f2-contra-embargo-view", "The trace claims the vendor has surely seen the proposal (its view [P]) before any acknowledgement.",
   proposed({"participants": {"acme": {"embargo_view": ["proposed"]}}}), expect=contra(1))
f2("f2-contra-consent-status", "The trace claims a status step made the vendor a signatory.",
   proposed() + [status(2, "acme", rm="valid", expect={"participants": {"acme": {"consent": "signatory"}}})], expect=contra(2))

# ---- recipients as sets; a step's policy by preset name --------------------------------
HORIZONTAL = [submit(1, "fay", "cert"), act(1, "cert", "validate"), act(1, "cert", "accept"), submit(2, "cert", "acme"), submit(2, "cert", "bolt")]
f2("f2-recipients-as-set", "Format 2 compares recipients as a set: the EP to the reporter and both vendors, listed in another order than the engine's join order.",
   HORIZONTAL + [act(2, "cert", "propose_embargo", {"sends": sends(("EP", "cert", ["bolt", "fay", "acme"]))}, terms=terms(2, 40))], participants=FOUR)
vector("f1-recipients-in-order", "Format 1 keeps its meaning: recipients in the engine's join order, so the same claim in another order contradicts it (f2-recipients-as-set reads it as a set).",
   HORIZONTAL + [act(2, "cert", "propose_embargo", {"sends": sends(("EP", "cert", ["bolt", "fay", "acme"]))}, terms=terms(2, 40))], expect=contra(5), participants=FOUR)
f2("f2-step-policy-preset", "A step's policy by preset name: the owner moves the case to cert-cc, under which publishing before the deadline is refused.", [
    act(0, "fay", "update_advisory", advisory={"title": "Overflow", "affected": [{"product": "acme-httpd", "versions": ["< 2"]}], "mitigations": ["disable the parser"]}),
    submit(1, "fay", "acme"),
    change_policy(2, "fay", "cert-cc"),
    act(10, "fay", "publish"),
], expect=violation(3, "publish.before-deadline"))

# ---- documents that must be refused ------------------------------------------------
f2("doc-duplicate-participant", "Two starting participants with one id: the document is refused (participant.duplicate).",
   [], participants=(FAY, ACME, ACME), expect=refused_document("participant", "participant.duplicate"))
f2("doc-unknown-message-type", "A message of a type the protocol does not have: not a trace.",
   reached_pair() + [msg(2, "ZZ", "acme", ["fay"])], expect=refused_document("parse"))
f2("doc-unknown-preset", "A policy preset that does not exist.",
   reached_pair(), policy="nonsense", expect=refused_document("unknown_preset"))
f2("doc-step-unknown-preset", "A step moving the case to a preset that does not exist.",
   reached_pair() + [change_policy(2, "fay", "nonsense")], expect=refused_document("unknown_preset"))
f2("doc-unknown-claim", "A claim the format does not have: not a trace.",
   reached_pair() + [act(2, "acme", "validate", {"colour": "blue"})], expect=refused_document("parse"))
vector("doc-format-1-timing", "`sent` is a format-2 field: a format-1 trace using it is refused.",
   reached_pair() + [dict(msg(2, "GI", "acme", ["fay"]), sent=t(1))], expect=refused_document("parse"))
VECTORS["doc-format-3"] = dict(copy.deepcopy(VECTORS["f2-warnings-none"]), format=3, description="A format this checker does not read.", expect=refused_document("parse"))

# ---- several deviations, with the participants at fault -----------------------------
f2("multi-two-violations", "Two violations by two parties, both reported: the reporter's CF (not a vendor) and the vendor's close from Received.",
   reached_pair() + [msg(2, "CF", "fay", ["acme"]), act(3, "acme", "close")],
   expect=deviations((1, "violation", "send.role", "fay"), (2, "violation", "send.report-state", "acme")))
f2("multi-violation-and-contradictions", "A violation and, at later steps, two contradictions (a wrong state and a wrong set of messages): all three reported in step order.",
   reached_pair() + [act(2, "acme", "fix_ready"), act(3, "acme", "validate", {"participants": {"acme": {"rm": "accepted"}}}), act(3, "acme", "accept", {"sends": []})],
   expect=deviations((1, "violation", "send.report-state", "acme"), (2, "contradiction", None, "acme"), (3, "contradiction", None, None)))
f2("multi-one-step-two-claims", "One step contradicting two claims (EM state and public facts): two deviations at the same step.",
   reached_pair() + [act(2, "acme", "validate", {"em": "active", "pxa": "Pxa"})],
   expect=deviations((1, "contradiction", None, None), (1, "contradiction", None, None)))

# ---- races of issue 9 with the sender's knowledge recorded (sent / delivered) -------
def at(day, hour):
    return t(day, hour)

def timed(steps, deliveries):
    """Steps with `delivered` records: {index: {participant: time}}."""
    steps = copy.deepcopy(steps)
    for i, record in deliveries.items():
        steps[i]["delivered"] = record
    return steps

def sent_at(step, when):
    step = copy.deepcopy(step)
    step["sent"] = when
    return step

# Base: cert proposes to everyone at day 2 (step 5), delivered to bolt at day 2 06:00;
# acme's EA (step 6, day 3) reaches bolt at day 3 12:00.
def race_base():
    return timed(proposed_then_accepted_by_acme(), {5: {"bolt": at(2, 6)}, 6: {"bolt": at(3, 12)}})

for kind, consent in (("EA", "signatory"), ("ER", "declined")):
    k = kind.lower()
    f2(f"race-late-{k}-sent-before-notice", f"bolt's {kind} was sent (day 3 06:00) before acme's EA reached it (12:00): judged from the proposal it knew, allowed; bolt becomes {consent}.",
       race_base() + [sent_at(msg(4, kind, "bolt", ["cert"], None, {"em": "active", "participants": {"bolt": {"consent": consent}}}), at(3, 6))], participants=FOUR)
    f2(f"race-neg-late-{k}-sent-after-notice", f"bolt's {kind} was sent (day 3 18:00) after acme's EA reached it (12:00): it knew the embargo was in force, so the {kind} is a violation by bolt, although the case (which cannot tell) accepts it.",
       race_base() + [sent_at(msg(4, kind, "bolt", ["cert"]), at(3, 18))],
       expect=deviations((7, "violation", "send.embargo-state", "bolt")), participants=FOUR)

def revision_race():
    return timed(proposed_then_accepted_by_acme() + [
        act(4, "bolt", "accept_embargo"),
        act(5, "cert", "revise_embargo", terms=terms(2, 60)),
        act(6, "acme", "reject_embargo"),
    ], {5: {"bolt": at(2, 6)}, 6: {"bolt": at(3, 12)}, 8: {"bolt": at(5, 6)}, 9: {"bolt": at(6, 12)}})
f2("race-ec-sent-before-rejection", "bolt's EC was sent (day 6 06:00) before acme's EJ reached it (12:00): allowed from the revision it knew; the case answers EE.",
   revision_race() + [sent_at(msg(7, "EC", "bolt", ["cert"], None, {"em": "active", "sends": sends(("EE", "cert", ["bolt"]))}), at(6, 6))], participants=FOUR)
f2("race-neg-ec-sent-after-rejection", "bolt's EC was sent (day 6 18:00) after the rejection reached it: no revision was pending in what it knew, a violation by bolt.",
   revision_race() + [sent_at(msg(7, "EC", "bolt", ["cert"]), at(6, 18))],
   expect=deviations((10, "violation", "send.embargo-state", "bolt")), participants=FOUR)

def termination_race():
    return timed(proposed_then_accepted_by_acme() + [act(4, "acme", "terminate_embargo")],
                 {5: {"bolt": at(2, 6)}, 6: {"bolt": at(4, 10)}, 7: {"bolt": at(4, 12)}})
f2("race-ea-sent-before-termination", "bolt's EA was sent (day 4 06:00) before acme's EA and ET reached it: allowed from the proposal; the embargo is over, the case answers EE.",
   termination_race() + [sent_at(msg(5, "EA", "bolt", ["cert"], None, {"em": "exited", "sends": sends(("EE", "cert", ["bolt"]))}), at(4, 6))], participants=FOUR)
f2("race-neg-ea-sent-after-termination", "bolt's EA was sent (day 4 18:00) after the ET reached it: a violation by bolt.",
   termination_race() + [sent_at(msg(5, "EA", "bolt", ["cert"]), at(4, 18))],
   expect=deviations((8, "violation", "send.embargo-state", "bolt")), participants=FOUR)

def publication_race():
    return timed(reached_pair() + [act(2, "acme", "publish")], {1: {"fay": at(2, 6)}})
f2("race-ep-sent-before-publication", "fay's EP was sent (day 1 12:00) before acme's CP reached it (day 2 06:00): allowed from what it knew; the receiver refuses it with ER.",
   publication_race() + [sent_at(msg(3, "EP", "fay", ["acme"], {"kind": "embargo", "start": t(3), "end": t(30)}, {"em": "none", "sends": sends(("ER", "acme", ["fay"]))}), at(1, 12))])
f2("race-neg-ep-sent-after-publication", "fay's EP was sent (day 2 12:00) after acme's CP reached it: no embargo may be proposed once the public is aware, a violation by fay.",
   publication_race() + [sent_at(msg(3, "EP", "fay", ["acme"], {"kind": "embargo", "start": t(3), "end": t(30)}), at(2, 12))],
   expect=deviations((2, "violation", "send.case-state", "fay")))
def cp_race():
    return timed(reached_pair() + [act(2, "fay", "publish")], {1: {"acme": at(2, 6)}})
f2("race-cp-sent-before-publication", "acme's CP was sent (day 1 12:00) before fay's CP reached it: two publications crossing, allowed.",
   cp_race() + [sent_at(msg(3, "CP", "acme", ["fay"], None, {"pxa": "Pxa"}), at(1, 12))])
f2("race-neg-cp-sent-after-publication", "acme's CP was sent (day 2 12:00) after fay's CP reached it: it knew the public was aware, a violation by acme.",
   cp_race() + [sent_at(msg(3, "CP", "acme", ["fay"]), at(2, 12))],
   expect=deviations((2, "violation", "send.event", "acme")))

f2("race-contra-sent-after-arrival", "The trace says a message was sent after it reached the case.",
   reached_pair() + [sent_at(msg(2, "GI", "acme", ["fay"]), at(2, 6))], expect=contra(1))
f2("race-contra-delivered-not-due", "The trace says a validation delivered something to a vendor it made nothing due to.",
   timed(reached_pair() + [act(2, "acme", "validate")], {1: {"bolt": at(2, 6)}}), expect=contra(1), participants=(FAY, ACME, BOLT))
f2("race-contra-delivered-before-step", "The trace says a message was delivered before the step that made it due.",
   timed(reached_pair() + [act(2, "acme", "validate")], {1: {"fay": at(1, 6)}}), expect=contra(1))
