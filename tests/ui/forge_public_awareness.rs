//! Proof tokens cannot be built outside mpcvd; only recording `P` creates one.
use mpcvd::typed::PublicAwareness;

fn main() {
    let _forged = PublicAwareness(());
}
