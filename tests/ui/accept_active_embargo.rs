//! EM: an embargo in force has no pending proposal to accept; revisions use `accept_revision`.
use mpcvd::typed::Embargo;

fn main() {
    let _twice = Embargo::new().propose().accept().accept();
}
