//! A compile-time (typestate) API over the machines (work in progress).
