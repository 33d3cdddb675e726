//! EM: only an embargo in force (`A`, `R`) can be terminated (reference §2).
use mpcvd::typed::Embargo;

fn main() {
    let _none = Embargo::new().terminate();
    let _proposed = Embargo::new().propose().terminate();
}
