//! Pure math of the Sluice pallets, free of FRAME: share pricing ([`shares`]), weighted-pool
//! swaps and joins ([`weighted`]), index weights ([`weights`]), emissions and reward
//! accumulators ([`rewards`]), restaking slashes and reward splits ([`slashing`]), the oracle's stake-weighted median
//! ([`median`]).
//!
//! Every function computes in a type wider than its inputs (`u128 × u128 / u128` through
//! [`sp_arithmetic::helpers_128bit::multiply_by_rational_with_rounding`], which holds the product
//! in 256 bits), returns `None` instead of overflowing or dividing by zero, and states the
//! direction it rounds. Rounding always favours the pool over the user who is trading with it, so
//! no sequence of calls can take out more value than was put in.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

pub mod median;
pub mod rewards;
pub mod shares;
pub mod slashing;
pub mod weighted;
pub mod weights;

/// The balance type all math works in: amounts in the smallest unit of a token.
pub type Balance = u128;
