//! Synthetic households.
