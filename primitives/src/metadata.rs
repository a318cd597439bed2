//! Names for the tokens the Sluice pallets create (tAssets, index tokens).

use crate::{AssetId, AssetKind};
use alloc::vec::Vec;
use sp_runtime::DispatchResult;

/// Reads the symbol of a token and sets the metadata of a token a pallet created, with no
/// deposit from anyone: the chain names its own tokens.
pub trait TokenNames {
	/// The symbol of `asset` (empty if it has none).
	fn symbol(asset: &AssetKind) -> Vec<u8>;

	/// Sets token `id`'s name, symbol and decimals (cut to the ledger's length limit).
	fn set(id: AssetId, name: Vec<u8>, symbol: Vec<u8>, decimals: u8) -> DispatchResult;
}

/// Tokens stay unnamed (tests).
impl TokenNames for () {
	fn symbol(_: &AssetKind) -> Vec<u8> {
		Vec::new()
	}

	fn set(_: AssetId, _: Vec<u8>, _: Vec<u8>, _: u8) -> DispatchResult {
		Ok(())
	}
}
