//! A short case between a reporter and a vendor, driven through the protocol core's
//! `send` and `receive`: report, validation, embargo, fix, publication, and one
//! refused action. Run with `cargo run --example demo`.

use std::collections::VecDeque;
use std::error::Error;

use mpcvd::message::{MessageType, Outcome, receive, send};
use mpcvd::protocol::{ProtocolOptions, ProtocolState};
use mpcvd::role::{Role, RoleSet};

/// One participant: its roles and its protocol state `(RM, EM, CS)`.
struct Party {
    name: &'static str,
    roles: RoleSet,
    state: ProtocolState,
}

impl Party {
    fn new(name: &'static str, roles: &[Role]) -> Self {
        let roles = RoleSet::of(roles);
        Self {
            name,
            roles,
            state: roles.start_state(),
        }
    }
}

/// Which of the two participants.
#[derive(Clone, Copy)]
enum Side {
    Reporter,
    Vendor,
}

impl Side {
    fn other(self) -> Self {
        match self {
            Self::Reporter => Self::Vendor,
            Self::Vendor => Self::Reporter,
        }
    }
}

/// The two participants of the demo.
struct Demo {
    reporter: Party,
    vendor: Party,
    options: ProtocolOptions,
}

impl Demo {
    /// `who` sends `message`; the other party receives it and every reply goes back
    /// and forth until no more are due.
    fn party(&mut self, side: Side) -> &mut Party {
        match side {
            Side::Reporter => &mut self.reporter,
            Side::Vendor => &mut self.vendor,
        }
    }

    fn send(&mut self, who: Side, message: MessageType) -> Result<(), Box<dyn Error>> {
        let options = self.options;
        let sender = self.party(who);
        let sent = send(message, sender.state, sender.roles, options)?;
        sender.state = sent.state;
        println!(
            "   {:<8} sends {:<6} {:<8} now {}",
            sender.name,
            codes(sent.messages),
            sender.name,
            sender.state
        );
        let mut queue: VecDeque<(Side, MessageType)> =
            sent.messages.iter().map(|&m| (who.other(), m)).collect();
        while let Some((to, message)) = queue.pop_front() {
            let receiver = self.party(to);
            let got = receive(message, receiver.state, receiver.roles, options);
            receiver.state = got.state;
            if got.outcome == Outcome::Ignored {
                continue; // an acknowledgement: nothing changes, nothing is due
            }
            let what = match got.outcome {
                Outcome::Applied => "applied",
                Outcome::Unchanged => "no change",
                Outcome::Ignored => "ignored",
                Outcome::Unexpected => "unexpected",
                Outcome::EmbargoRefused => "embargo refused",
            };
            let replies = if got.replies.is_empty() {
                String::new()
            } else {
                format!(", replies {}", codes(got.replies))
            };
            println!(
                "   {:<8} gets  {:<6} {:<8} now {}  ({what}{replies})",
                receiver.name, message, receiver.name, receiver.state
            );
            queue.extend(got.replies.iter().map(|&m| (to.other(), m)));
        }
        Ok(())
    }

    fn show(&self) {
        for party in [&self.reporter, &self.vendor] {
            println!("   {:<8} is {}", party.name, party.state);
        }
    }
}

fn codes(messages: &[MessageType]) -> String {
    let codes: Vec<&str> = messages.iter().map(|m| m.code()).collect();
    codes.join("+")
}

fn main() -> Result<(), Box<dyn Error>> {
    use Side::{Reporter, Vendor};
    let mut demo = Demo {
        reporter: Party::new("reporter", &[Role::Finder, Role::Reporter]),
        vendor: Party::new("vendor", &[Role::Vendor]),
        options: ProtocolOptions::default(),
    };

    println!("mpcvd demo: a finder reports a vulnerability to a vendor.");
    println!("States are (RM, EM, CS):");
    println!("  RM  S)tart R)eceived I)nvalid V)alid A)ccepted D)eferred C)losed");
    println!("  EM  N)one P)roposed A)ctive R)evise eX)ited");
    println!("  CS  vfdpxa: Vendor aware, Fix ready, fix Deployed, Public aware,");
    println!("      eXploit public, Attacks seen; upper case = has happened");
    println!("      (v, f and d are each participant's own: what it knows of the vendor's");
    println!("      fix; p, x and a are the case's public facts, the same for everyone)");
    println!("Each message is delivered to the other party, and each reply back;");
    println!("acknowledgements (RK, EK, CK) need no answer and are not shown arriving.");
    println!();
    println!("0. Start. A finder has already accepted its own report.");
    demo.show();

    println!("\n1. The reporter submits the report; the vendor receives it and becomes aware.");
    demo.send(Reporter, MessageType::RS)?;

    println!("\n2. The vendor validates and accepts the report.");
    demo.send(Vendor, MessageType::RV)?;
    demo.send(Vendor, MessageType::RA)?;

    println!("\n3. The reporter proposes an embargo; the vendor accepts it.");
    demo.send(Reporter, MessageType::EP)?;
    demo.send(Vendor, MessageType::EA)?;

    println!("\n4. The reporter tries to announce a fix. Refused, nothing changes:");
    let reporter = &demo.reporter;
    match send(
        MessageType::CF,
        reporter.state,
        reporter.roles,
        demo.options,
    ) {
        Ok(_) => println!("   (unexpectedly allowed)"),
        Err(error) => println!("   error: {error}"),
    }
    demo.show();

    println!("\n5. The vendor has a fix ready.");
    demo.send(Vendor, MessageType::CF)?;

    println!("\n6. The vendor publishes: public awareness ends the embargo (EM A -> X).");
    demo.send(Vendor, MessageType::CP)?;

    println!("\nEnd of the demo.");
    demo.show();
    Ok(())
}
