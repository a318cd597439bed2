//! Pallet configurations, one module per domain.

pub mod accounts;
pub mod assets;
pub mod block_auction;
pub mod consensus;
pub mod governance;
pub mod index_funds;
pub mod liquid_staking;
pub mod monetary;
pub mod network;
pub mod oracle;
pub mod reactors;
pub mod restaking;
pub mod staking;
pub mod system;

pub use monetary::TreasuryAccount;
