//! Unit tests of the auction.

mod execute;
mod submit;
