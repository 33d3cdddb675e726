//! RM: `Closed` is absorbing.
use mpcvd::typed::Report;

fn main() {
    let closed = Report::new().receive().invalidate().close();
    let _again = closed.validate();
}
