//! EM: a revision needs an embargo in force; a pending proposal is countered with `propose`.
use mpcvd::typed::Embargo;

fn main() {
    let _revise = Embargo::new().propose().propose_revision();
}
