//! The native token SLC (`pallet-balances`) and transaction fees.

use crate::{
	AccountId, Balance, Runtime, RuntimeEvent, RuntimeFreezeReason, RuntimeHoldReason, MICRO_SLC,
	MILLI_SLC,
};
use frame_support::{
	parameter_types,
	traits::{
		fungible::{Balanced, Credit},
		ConstU128, ConstU32, ConstU8, OnUnbalanced, VariantCountOf,
	},
	weights::{ConstantMultiplier, IdentityFee},
	PalletId,
};
use pallet_transaction_payment::{FungibleAdapter, Multiplier, TargetedFeeAdjustment};
use sp_runtime::{
	traits::{AccountIdConversion, Bounded},
	FixedPointNumber, Perquintill,
};

/// Smallest balance an account may hold: 0.001 SLC.
pub const EXISTENTIAL_DEPOSIT: Balance = MILLI_SLC;

parameter_types! {
	/// The treasury's pallet id; its account receives base fees, DEX pool-setup fees and
	/// protocol fees.
	pub const TreasuryPalletId: PalletId = PalletId(*b"slc/trsy");
	/// The treasury account, derived from [`TreasuryPalletId`].
	pub TreasuryAccount: AccountId = TreasuryPalletId::get().into_account_truncating();
}

impl pallet_balances::Config for Runtime {
	type MaxLocks = ConstU32<50>;
	type MaxReserves = ConstU32<50>;
	type ReserveIdentifier = [u8; 8];
	type Balance = Balance;
	type RuntimeEvent = RuntimeEvent;
	/// Dust is burned.
	type DustRemoval = ();
	type ExistentialDeposit = ConstU128<EXISTENTIAL_DEPOSIT>;
	type AccountStore = frame_system::Pallet<Runtime>;
	type WeightInfo = pallet_balances::weights::SubstrateWeight<Runtime>;
	type FreezeIdentifier = RuntimeFreezeReason;
	type MaxFreezes = VariantCountOf<RuntimeFreezeReason>;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type DoneSlashHandler = ();
}

/// Where transaction fees go: the base fee to the treasury, the tip to the liquid-staking pool
/// as MEV for vSLC holders (DESIGN §3.2), never to the block author.
pub struct DealWithFees;
impl OnUnbalanced<Credit<AccountId, crate::Balances>> for DealWithFees {
	fn on_unbalanceds(
		mut fees_then_tips: impl Iterator<Item = Credit<AccountId, crate::Balances>>,
	) {
		if let Some(fees) = fees_then_tips.next() {
			resolve_to_treasury(fees);
		}
		if let Some(tips) = fees_then_tips.next() {
			<crate::LiquidStaking as OnUnbalanced<_>>::on_unbalanced(tips);
		}
	}
}

/// Sends what it is given to the treasury: the staking slashes (validators' and nominators'
/// slashed bonds, less any reporter's reward).
pub struct ToTreasury;
impl OnUnbalanced<Credit<AccountId, crate::Balances>> for ToTreasury {
	fn on_nonzero_unbalanced(credit: Credit<AccountId, crate::Balances>) {
		resolve_to_treasury(credit);
	}
}

/// Credits the treasury; a credit that cannot be deposited (below the existential deposit of a
/// reaped account) is dropped, which burns it.
fn resolve_to_treasury(credit: Credit<AccountId, crate::Balances>) {
	let _ = <crate::Balances as Balanced<AccountId>>::resolve(&TreasuryAccount::get(), credit);
}

parameter_types! {
	/// Block fullness the fee multiplier steers towards.
	pub const TargetBlockFullness: Perquintill = Perquintill::from_percent(25);
	/// How fast the multiplier reacts to fullness away from the target.
	pub AdjustmentVariable: Multiplier = Multiplier::saturating_from_rational(1, 100_000);
	/// Floor of the fee multiplier.
	pub MinimumMultiplier: Multiplier = Multiplier::saturating_from_rational(1, 1_000_000_000u128);
	/// Ceiling of the fee multiplier.
	pub MaximumMultiplier: Multiplier = Bounded::max_value();
}

impl pallet_transaction_payment::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type OnChargeTransaction = FungibleAdapter<crate::Balances, DealWithFees>;
	/// Operational transactions pay 5× the tip-less priority.
	type OperationalFeeMultiplier = ConstU8<5>;
	/// One unit (10^-12 SLC) per picosecond of execution: a transfer costs ~0.0002 SLC.
	type WeightToFee = IdentityFee<Balance>;
	/// One micro-SLC per byte of the encoded transaction.
	type LengthToFee = ConstantMultiplier<Balance, ConstU128<MICRO_SLC>>;
	type FeeMultiplierUpdate = TargetedFeeAdjustment<
		Self,
		TargetBlockFullness,
		AdjustmentVariable,
		MinimumMultiplier,
		MaximumMultiplier,
	>;
	type WeightInfo = pallet_transaction_payment::weights::SubstrateWeight<Runtime>;
}
