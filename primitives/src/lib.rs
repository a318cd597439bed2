//! Types shared by the Sluice runtime, its pallets and its node.
//!
//! Pallets talk to each other through the small types and traits declared here, never through
//! each other's storage.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

pub mod index;
pub mod metadata;
pub mod oracle;
pub mod staking;
pub mod venue;

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::traits::fungible::NativeOrWithId;
use scale_info::TypeInfo;
use sp_runtime::{
	traits::{IdentifyAccount, Verify},
	MultiSignature,
};

/// Alias to 512-bit hash when used in the context of a transaction signature on the chain.
pub type Signature = MultiSignature;

/// Some way of identifying an account on the chain.
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;

/// Balance of an account, in the smallest unit (10^-12 SLC for the native token).
pub type Balance = u128;

/// Index of a transaction in the chain.
pub type Nonce = u32;

/// A hash of some data used by the chain.
pub type Hash = sp_core::H256;

/// An index to a block.
pub type BlockNumber = u32;

/// Identifier of a `pallet-assets` token (test assets, tAssets, vSLC, index tokens).
pub type AssetId = u32;

/// Any token of the chain: the native SLC or a `pallet-assets` token.
pub type AssetKind = NativeOrWithId<AssetId>;

/// Number of decimals of the native token SLC.
pub const SLC_DECIMALS: u8 = 12;

/// One SLC in the smallest unit.
pub const SLC: Balance = 1_000_000_000_000;

/// One thousandth of an SLC.
pub const MILLI_SLC: Balance = SLC / 1_000;

/// One millionth of an SLC.
pub const MICRO_SLC: Balance = MILLI_SLC / 1_000;

/// What an oracle value describes. Every value is keyed by the asset it is about.
///
/// Values are `FixedU128`: prices are quoted in US dollars per whole token, supplies in whole
/// tokens, TVL in US dollars.
#[derive(
	Clone,
	Debug,
	Decode,
	DecodeWithMemTracking,
	Encode,
	Eq,
	MaxEncodedLen,
	Ord,
	PartialEq,
	PartialOrd,
	TypeInfo,
	serde::Serialize,
	serde::Deserialize,
)]
pub enum OracleKey {
	/// Price of one whole token in US dollars.
	Price(AssetKind),
	/// Circulating supply in whole tokens (market cap = price × supply).
	Supply(AssetKind),
	/// Total value locked, in US dollars, of the protocol behind the asset.
	Tvl(AssetKind),
}

/// The value type of every oracle feed.
pub type OracleValue = sp_runtime::FixedU128;

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn units_are_consistent() {
		assert_eq!(SLC, 10u128.pow(SLC_DECIMALS as u32));
		assert_eq!(MICRO_SLC * 1_000_000, SLC);
	}

	#[test]
	fn oracle_keys_of_different_kinds_differ() {
		let price = OracleKey::Price(AssetKind::WithId(1));
		let supply = OracleKey::Supply(AssetKind::WithId(1));
		assert_ne!(price.encode(), supply.encode());
		let tvl = OracleKey::Tvl(AssetKind::Native);
		assert_eq!(OracleKey::decode(&mut &tvl.encode()[..]), Ok(tvl));
	}
}
