//! Exports of the machines to Graphviz DOT, Mermaid and JSON (work in progress).
