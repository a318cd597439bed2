//! Weights generated on this project's reference machine by `scripts/benchmark-pallets.sh`.

pub mod pallet_block_auction;
pub mod pallet_index_funds;
pub mod pallet_liquid_staking;
pub mod pallet_oracle_feeds;
pub mod pallet_reactors;
pub mod pallet_restaking;
