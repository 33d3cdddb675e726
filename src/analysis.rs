//! Model analysis for researchers: histories, desiderata, skill, variants (work in progress).
