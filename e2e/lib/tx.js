// Submitting transactions and reading their outcome.

import { Keyring } from "@polkadot/keyring";

export const SLC = 10n ** 12n;

/** The well-known dev accounts, sr25519. */
export function devAccounts() {
  const keyring = new Keyring({ type: "sr25519", ss58Format: 42 });
  const names = ["Alice", "Bob", "Charlie", "Dave", "Eve", "Ferdie"];
  return Object.fromEntries(names.map((n) => [n.toLowerCase(), keyring.addFromUri(`//${n}`)]));
}

/** The sr25519 account of secret URI `uri` (e.g. "//Alice", "//Sluice//bench//1"). */
export function accountFromUri(uri) {
  return new Keyring({ type: "sr25519", ss58Format: 42 }).addFromUri(uri);
}

/** A fresh sr25519 account that holds nothing. */
export function unfundedAccount(seed = "//Sluice//e2e//nobody") {
  return new Keyring({ type: "sr25519", ss58Format: 42 }).addFromUri(seed);
}

/**
 * Signs and submits `tx`; resolves once it is in a block with its events and, if it failed,
 * its decoded dispatch error ({ section, name } for module errors, { token } or { other }).
 * Rejects if the pool refuses it (e.g. "1010: Invalid Transaction: ...").
 */
export function submit(api, tx, signer, options = {}) {
  return new Promise((resolve, reject) => {
    let unsub = null;
    tx.signAndSend(signer, options, (result) => {
      const { status, events, dispatchError } = result;
      if (status.isInBlock) {
        if (unsub) unsub();
        resolve({
          blockHash: status.asInBlock,
          events: events.map(({ event }) => event),
          error: dispatchError ? decodeError(api, dispatchError) : null,
        });
      } else if (status.isDropped || status.isInvalid || status.isUsurped) {
        if (unsub) unsub();
        reject(new Error(`transaction ${status.type}`));
      }
    })
      .then((u) => {
        unsub = u;
      })
      .catch(reject);
  });
}

/** Turns a `DispatchError` into a plain object a test can compare. */
export function decodeError(api, dispatchError) {
  if (dispatchError.isModule) {
    const { section, name, docs } = api.registry.findMetaError(dispatchError.asModule);
    return { section, name, docs: docs.join(" ") };
  }
  if (dispatchError.isToken) return { token: dispatchError.asToken.type };
  return { other: dispatchError.type };
}

/** Free balance of `address` in plancks (BigInt). */
export async function freeBalance(api, address) {
  const { data } = await api.query.system.account(address);
  return data.free.toBigInt();
}

/** Balance of `address` in `pallet-assets` asset `id`, 0n if it has no account. */
export async function assetBalance(api, id, address) {
  const account = await api.query.assets.account(id, address);
  return account.isSome ? account.unwrap().balance.toBigInt() : 0n;
}

/** The fee an extrinsic paid, from its `TransactionFeePaid` event. */
export function feePaid(events) {
  const event = events.find((e) => e.section === "transactionPayment" && e.method === "TransactionFeePaid");
  if (!event) throw new Error("no TransactionFeePaid event");
  return event.data.actualFee.toBigInt() + event.data.tip.toBigInt();
}

/** Resolves once `n` more blocks have been imported after the current best block. */
export async function waitBlocks(api, n) {
  const start = (await api.rpc.chain.getHeader()).number.toNumber();
  let unsubscribe = null;
  let done = false;
  await new Promise((resolve, reject) => {
    api.rpc.chain
      .subscribeNewHeads((header) => {
        if (!done && header.number.toNumber() >= start + n) {
          done = true;
          resolve();
        }
      })
      .then((u) => {
        unsubscribe = u;
      })
      .catch(reject);
  });
  if (unsubscribe) unsubscribe();
}

/** The `Ok` value of a runtime API `Result`; fails the test with the error otherwise. */
export function okValue(result) {
  if (!result.isOk) throw new Error(`runtime API returned an error: ${result.toString()}`);
  return result.asOk;
}
