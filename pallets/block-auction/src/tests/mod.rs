//! Unit tests of the auction.

mod execute;
mod fuzz;
mod submit;
