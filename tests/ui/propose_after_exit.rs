//! EM: `Exited` is absorbing: once an embargo ended, none is proposed again (reference §2).
use mpcvd::typed::Embargo;

fn main() {
    let exited = Embargo::new().propose().accept().terminate();
    let _again = exited.propose();
}
