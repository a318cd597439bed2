//! Harness for integration tests on the real Sluice runtime: genesis from the runtime's own
//! presets, blocks built through `Executive` with an Aura pre-digest and the timestamp inherent,
//! and transactions signed with the dev keys and applied with every transaction extension.

#![allow(dead_code)] // Each test file uses a different part of the harness.

use codec::Encode;
use sluice_runtime::configs::network::CycleLength;
use sluice_runtime::{
	genesis_config_presets, time::SLOT_DURATION, AccountId, Balance, Executive, Header, Runtime,
	RuntimeCall, RuntimeGenesisConfig, SignedPayload, System, TxExtension, UncheckedExtrinsic,
};
use sp_consensus_aura::{Slot, AURA_ENGINE_ID};
use sp_keyring::Sr25519Keyring;
use sp_runtime::{
	generic::{Digest, DigestItem, Era},
	traits::Header as _,
	ApplyExtrinsicResult, BuildStorage,
};

/// Merges a preset patch into the default genesis, as the node does.
fn merge(base: &mut serde_json::Value, patch: serde_json::Value) {
	match (base, patch) {
		(serde_json::Value::Object(base), serde_json::Value::Object(patch)) => {
			for (key, value) in patch {
				merge(base.entry(key).or_insert(serde_json::Value::Null), value);
			}
		}
		(base, patch) => *base = patch,
	}
}

/// Externalities holding the genesis of `preset`, at block 0.
pub fn genesis_ext(preset: serde_json::Value) -> sp_io::TestExternalities {
	let mut config = serde_json::to_value(RuntimeGenesisConfig::default()).expect("serializable");
	merge(&mut config, preset);
	let config: RuntimeGenesisConfig = serde_json::from_value(config).expect("valid genesis");
	let storage = config.build_storage().expect("genesis builds");
	sp_io::TestExternalities::new(storage)
}

/// Externalities with the `development` genesis: Alice validates, dev accounts endowed.
pub fn dev_ext() -> sp_io::TestExternalities {
	genesis_ext(genesis_config_presets::development_config_genesis())
}

/// Runs `test` on the development genesis, with block 1 already produced.
pub fn on_dev_chain(test: impl FnOnce()) {
	dev_ext().execute_with(|| {
		produce_block(vec![]);
		test();
	});
}

/// Produces the next block through `Executive`: Aura pre-digest for the next slot, timestamp
/// inherent, the bundle inherent when the block has a winning bundle, then `extrinsics` in
/// order. Returns each extrinsic's apply result.
pub fn produce_block(extrinsics: Vec<UncheckedExtrinsic>) -> Vec<ApplyExtrinsicResult> {
	build_block(extrinsics, true)
}

/// Produces the next block as an author whose bundle inherent trapped (or who left it out)
/// does: without the bundle inherent.
pub fn produce_block_leaving_out_the_bundle(
	extrinsics: Vec<UncheckedExtrinsic>,
) -> Vec<ApplyExtrinsicResult> {
	build_block(extrinsics, false)
}

fn build_block(extrinsics: Vec<UncheckedExtrinsic>, bundle: bool) -> Vec<ApplyExtrinsicResult> {
	let number = System::block_number() + 1;
	let parent_hash = frame_system::BlockHash::<Runtime>::get(number - 1);
	// One slot per block, counting from the genesis slot of 1 000 (any start works), skipping
	// the slots of validators the session has disabled (Aura refuses their blocks).
	let slot = Slot::from(next_authoring_slot(1_000 + u64::from(number)));
	let digest = Digest { logs: vec![DigestItem::PreRuntime(AURA_ENGINE_ID, slot.encode())] };
	let header = Header::new(number, Default::default(), Default::default(), parent_hash, digest);
	Executive::initialize_block(&header);

	let now = u64::from(slot) * SLOT_DURATION;
	let timestamp =
		UncheckedExtrinsic::new_bare(RuntimeCall::Timestamp(pallet_timestamp::Call::set { now }));
	Executive::apply_extrinsic(timestamp)
		.expect("timestamp inherent is valid")
		.expect("timestamp inherent dispatches");
	if bundle {
		apply_bundle_inherent();
	}
	Executive::inherents_applied();

	let results = extrinsics.into_iter().map(Executive::apply_extrinsic).collect();
	let header = Executive::finalize_block();
	// Recorded so that the next block names this one as its parent.
	frame_system::BlockHash::<Runtime>::insert(number, header.hash());
	results
}

/// The first slot from `from` (and after the last block's) whose Aura author is not disabled.
fn next_authoring_slot(from: u64) -> u64 {
	use frame_support::traits::DisabledValidators;
	let authorities = pallet_aura::Authorities::<Runtime>::get().len().max(1) as u64;
	let mut slot = from.max(u64::from(pallet_aura::CurrentSlot::<Runtime>::get()) + 1);
	while <sluice_runtime::Session as DisabledValidators>::is_disabled((slot % authorities) as u32)
	{
		slot += 1;
	}
	slot
}

/// Places the block auction's bundle inherent when the block has a winning bundle, as the
/// node's block builder does: an inherent that traps or fails to apply is left out (its changes
/// discarded) and the block goes on without it.
fn apply_bundle_inherent() {
	use frame_support::inherent::ProvideInherent;
	let Some(call) = sluice_runtime::BlockAuction::create_inherent(&Default::default()) else {
		return;
	};
	let xt = UncheckedExtrinsic::new_bare(RuntimeCall::BlockAuction(call));
	// `None` (a trap) and `Err` (invalid) leave it out; its changes are discarded.
	let _ = sluice_test_support::apply_as_block_builder(|| Executive::apply_extrinsic(xt));
}

/// Produces empty blocks until the chain is at block `n`.
pub fn run_to_block(n: u32) {
	while System::block_number() < n {
		produce_block(vec![]);
	}
}

/// The transaction extensions a wallet attaches, for `nonce` and `tip`.
pub fn tx_extension(nonce: u32, tip: Balance) -> TxExtension {
	(
		frame_system::CheckNonZeroSender::<Runtime>::new(),
		frame_system::CheckSpecVersion::<Runtime>::new(),
		frame_system::CheckTxVersion::<Runtime>::new(),
		frame_system::CheckGenesis::<Runtime>::new(),
		frame_system::CheckEra::<Runtime>::from(Era::Immortal),
		frame_system::CheckNonce::<Runtime>::from(nonce),
		frame_system::CheckWeight::<Runtime>::new(),
		pallet_transaction_payment::ChargeTransactionPayment::<Runtime>::from(tip),
		frame_metadata_hash_extension::CheckMetadataHash::<Runtime>::new(false),
		frame_system::WeightReclaim::<Runtime>::new(),
	)
}

/// A key that signs transactions: a dev keyring account, or any sr25519 pair (sybils).
pub trait Signer {
	/// Its account.
	fn account(&self) -> AccountId;
	/// Its signature of `payload`.
	fn signature(&self, payload: &[u8]) -> sp_core::sr25519::Signature;
}

impl Signer for Sr25519Keyring {
	fn account(&self) -> AccountId {
		self.to_account_id()
	}
	fn signature(&self, payload: &[u8]) -> sp_core::sr25519::Signature {
		self.sign(payload)
	}
}

impl Signer for sp_core::sr25519::Pair {
	fn account(&self) -> AccountId {
		use sp_core::Pair as _;
		self.public().into()
	}
	fn signature(&self, payload: &[u8]) -> sp_core::sr25519::Signature {
		use sp_core::Pair as _;
		self.sign(payload)
	}
}

/// The sr25519 pair of `//<name>` (a fresh account for a test's sybils).
pub fn pair(name: &str) -> sp_core::sr25519::Pair {
	use sp_core::Pair as _;
	sp_core::sr25519::Pair::from_string(&format!("//{name}"), None).expect("a valid derivation")
}

/// `call` signed by `who` with its current nonce and no tip.
pub fn signed(who: impl Signer, call: RuntimeCall) -> UncheckedExtrinsic {
	let nonce = System::account_nonce(who.account());
	signed_with(who, call, nonce, 0)
}

/// `call` signed by `who` with an explicit nonce and tip.
pub fn signed_with(
	who: impl Signer,
	call: RuntimeCall,
	nonce: u32,
	tip: Balance,
) -> UncheckedExtrinsic {
	let extension = tx_extension(nonce, tip);
	let payload = SignedPayload::new(call.clone(), extension.clone()).expect("payload builds");
	let signature = payload.using_encoded(|bytes| who.signature(bytes));
	UncheckedExtrinsic::new_signed(
		call,
		sp_runtime::MultiAddress::Id(who.account()),
		signature.into(),
		extension,
	)
}

/// Applies `call` from `who` alone in the next block and returns its dispatch result. A block
/// whose hooks used the whole budget (an era's election) takes no extrinsic: as the transaction
/// pool would, it goes into the block after. Panics if the transaction is invalid.
pub fn dispatch(who: impl Signer + Clone, call: RuntimeCall) -> sp_runtime::DispatchResult {
	use sp_runtime::transaction_validity::{InvalidTransaction, TransactionValidityError};
	let mut results = produce_block(vec![signed(who.clone(), call.clone())]);
	if results
		== vec![Err(TransactionValidityError::Invalid(InvalidTransaction::ExhaustsResources))]
	{
		results = produce_block(vec![signed(who, call.clone())]);
	}
	match results.pop() {
		Some(Ok(result)) => result,
		other => panic!("{call:?} was not applied: {other:?}"),
	}
}

/// Free SLC balance of `who`.
pub fn free_balance(who: &AccountId) -> Balance {
	pallet_balances::Pallet::<Runtime>::free_balance(who)
}

/// Balance of `who` in `pallet-assets` asset `id`.
pub fn asset_balance(id: u32, who: &AccountId) -> Balance {
	sluice_runtime::Assets::balance(id, who)
}

/// The fee paid by the last transaction, from its `TransactionFeePaid` event.
pub fn last_fee_paid() -> Balance {
	System::events()
		.into_iter()
		.rev()
		.find_map(|record| match record.event {
			sluice_runtime::RuntimeEvent::TransactionPayment(
				pallet_transaction_payment::Event::TransactionFeePaid { actual_fee, tip, .. },
			) => Some(actual_fee + tip),
			_ => None,
		})
		.expect("a transaction paid a fee")
}

/// Runs to the end of the next reactor rollover (a cycle's first block, and the blocks after
/// it while the rollover runs), and checks the reactors' books.
pub fn run_rollover() {
	use sluice_runtime::Reactors;
	let next = (System::block_number() / CycleLength::get() + 1) * CycleLength::get();
	run_to_block(next);
	while Reactors::api_cycle().1 != pallet_reactors::Phase::Idle {
		produce_block(vec![]);
	}
	Reactors::do_try_state().expect("reactor invariants hold");
}

/// The reactors' events since the last reset.
pub fn reactor_events() -> Vec<pallet_reactors::Event<Runtime>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			sluice_runtime::RuntimeEvent::Reactors(e) => Some(e),
			_ => None,
		})
		.collect()
}

/// Runs blocks until the liquid-staking pool backs Alice with more than `min` in the active
/// era's exposure; returns that era. Panics if it does not within four eras.
pub fn run_until_the_pool_backs_alice(min: Balance) -> u32 {
	use sluice_runtime::configs::staking::{SessionPeriod, SessionsPerEra};
	let (alice, pool) =
		(Sr25519Keyring::Alice.to_account_id(), sluice_runtime::LiquidStaking::account_id());
	let exposed = |era| {
		pallet_staking::ErasStakersPaged::<Runtime>::iter_prefix_values((era, alice.clone()))
			.any(|page| page.others.iter().any(|o| o.who == pool && o.value > min))
	};
	for _ in 0..4 * SessionPeriod::get() * SessionsPerEra::get() {
		produce_block(vec![]);
		let era = pallet_staking::ActiveEra::<Runtime>::get().map(|e| e.index).unwrap_or(0);
		if exposed(era) {
			return era;
		}
	}
	panic!("the pool never backed Alice with more than {min}");
}

/// Reports Alice for an offence in the current session (as the offences pallet would): a slash
/// of `fraction` of what backs her, deferred by staking's slash deferral. Lifts the dev chain's
/// invulnerability first.
pub fn report_alice(fraction: sp_runtime::Perbill) {
	pallet_staking::Invulnerables::<Runtime>::kill();
	let offender = sp_staking::offence::OffenceDetails {
		offender: (Sr25519Keyring::Alice.to_account_id(), ()),
		reporters: vec![],
	};
	<pallet_staking::Pallet<Runtime> as sp_staking::offence::OnOffenceHandler<_, _, _>>::on_offence(
		&[offender],
		&[fraction],
		pallet_session::CurrentIndex::<Runtime>::get(),
	);
}
