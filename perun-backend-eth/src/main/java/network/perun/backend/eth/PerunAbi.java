// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import network.perun.api.Address;
import network.perun.api.Allocation;
import network.perun.api.AppId;
import network.perun.api.Asset;
import network.perun.api.Balances;
import network.perun.api.Bytes;
import network.perun.api.ChannelId;
import network.perun.api.InvalidValueException;
import network.perun.api.Params;
import network.perun.api.State;
import network.perun.api.SubAlloc;
import network.perun.backend.eth.abi.AbiValue;
import network.perun.backend.eth.crypto.Keccak;

/**
 * Our channel types as the Perun contracts' structs, and the hashes computed from their {@code abi.encode}.
 *
 * <pre>
 * Params      (uint256 challengeDuration, uint256 nonce, (address ethAddress, bytes ccAddress)[] participants,
 *              address app, bool ledgerChannel, bool virtualChannel)
 * State       (bytes32 channelID, uint64 version, Allocation outcome, bytes appData, bool isFinal)
 * Allocation  ((uint256 chainID, address ethHolder, bytes ccHolder)[] assets, uint256[] backends,
 *              uint256[][] balances [asset][participant], (bytes32 ID, uint256[] balances, uint16[] indexMap)[] locked)
 *
 * channelID   = keccak256(abi.encode(Params))          abi.encode of one dynamic tuple starts with the word 0x20
 * stateHash   = keccak256(abi.encode(State))
 * fundingID   = keccak256(abi.encode(bytes32 channelID, address participant))      64 bytes, no offset word
 * </pre>
 *
 * <p>How our fields map (as go-perun's Ethereum backend fills them):
 *
 * <ul>
 *   <li>participants must be Ethereum addresses; {@code ccAddress} is 32 zero bytes;
 *   <li>{@link Params#aux()} must be zero: the contracts cannot commit to it;
 *   <li>{@code app} is the 20-byte app address, or the zero address without app;
 *   <li>an {@link EthAsset} becomes {@code (chainID, holder, 32 zero bytes)}; an asset of another backend
 *       {@code b} becomes {@code (b, 0, asset bytes)}; {@code backends[i]} is the asset's backend ID;
 *   <li>an empty index map is written as the identity {@code [0..n-1]};
 *   <li>{@link State#app()} is not part of the contract's state: it is bound through the channel ID, which
 *       commits to {@link Params#app()}.
 * </ul>
 *
 * <p>Stateless and thread-safe. Values that do not fit the contract types (a balance over 256 bits, a foreign
 * participant) throw {@link InvalidValueException}.
 */
public final class PerunAbi {
  /** The {@code ccAddress} and {@code ccHolder} we write: 32 zero bytes. */
  public static final Bytes ZERO_CROSS_CHAIN = Bytes.zeros(32);

  private static final byte[] ZERO_ADDRESS = new byte[EthAddress.LENGTH];

  private PerunAbi() {}

  // ---- structs ----

  /** {@code Params} as an ABI tuple. */
  public static AbiValue params(Params params) {
    InvalidValueException.check(params.aux().isZero(), "the Perun Ethereum contracts cannot commit to aux, it must be zero: %s", params.aux());
    List<AbiValue> participants = new ArrayList<>(params.numParticipants());
    for (Address p : params.participants()) {
      participants.add(participant(p, ZERO_CROSS_CHAIN));
    }
    return AbiValue.tuple(
        AbiValue.uint(params.challengeDuration()),
        AbiValue.uint(params.nonce()),
        AbiValue.array(participants),
        AbiValue.address(appAddress(params)),
        AbiValue.bool(params.ledger()),
        AbiValue.bool(params.virtual()));
  }

  /** {@code State} as an ABI tuple. */
  public static AbiValue state(State state) {
    return AbiValue.tuple(
        AbiValue.bytes32(state.channelId().bytes().toArray()),
        AbiValue.uint(state.version()),
        allocation(state.allocation()),
        AbiValue.bytes(state.data().toArray()),
        AbiValue.bool(state.isFinal()));
  }

  /** {@code WithdrawalAuth} as an ABI tuple. */
  public static AbiValue withdrawalAuth(WithdrawalAuth auth) {
    return AbiValue.tuple(
        AbiValue.bytes32(auth.channelId().bytes().toArray()),
        participant(auth.participant(), auth.ccAddress()),
        AbiValue.address(EthAddress.bytes(auth.receiver())),
        AbiValue.uint(auth.amount()));
  }

  /** {@code abi.encode(params)}. */
  public static byte[] encode(Params params) {
    return AbiValue.encode(params(params));
  }

  /** {@code abi.encode(state)}, written directly (see {@link StateAbi}): the bytes of {@code AbiValue.encode(state(state))}. */
  public static byte[] encode(State state) {
    return StateAbi.encode(state);
  }

  /** {@code abi.encode(auth)}. */
  public static byte[] encode(WithdrawalAuth auth) {
    return AbiValue.encode(withdrawalAuth(auth));
  }

  // ---- hashes ----

  /** The channel ID: {@code keccak256(abi.encode(params))}, as the Adjudicator's {@code channelID} computes it. */
  public static ChannelId channelId(Params params) {
    return new ChannelId(Bytes.wrap(Keccak.keccak256(encode(params))));
  }

  /** {@code keccak256(abi.encode(state))}, the Adjudicator's {@code hashState}. */
  public static byte[] stateHash(State state) {
    return Keccak.keccak256(encode(state));
  }

  /** A participant's funding ID: {@code keccak256(abi.encode(channelID, participant))}, its AssetHolder key. */
  public static Bytes fundingId(ChannelId channelId, Address participant) {
    byte[] enc = AbiValue.encode(AbiValue.bytes32(channelId.bytes().toArray()), AbiValue.address(EthAddress.bytes(participant)));
    return Bytes.wrap(Keccak.keccak256(enc));
  }

  // ---- parts ----

  private static AbiValue participant(Address address, Bytes ccAddress) {
    return AbiValue.tuple(AbiValue.address(EthAddress.bytes(address)), AbiValue.bytes(ccAddress.toArray()));
  }

  private static byte[] appAddress(Params params) {
    if (params.app().isEmpty()) {
      return ZERO_ADDRESS;
    }
    AppId app = params.app().get();
    InvalidValueException.check(app.bytes().length() == EthAddress.LENGTH, "an Ethereum app ID is a 20-byte contract address, got %s", app);
    return app.bytes().toArray();
  }

  private static AbiValue allocation(Allocation alloc) {
    int n = alloc.numParticipants();
    List<AbiValue> assets = new ArrayList<>(alloc.assets().size());
    List<AbiValue> backends = new ArrayList<>(alloc.assets().size());
    for (Asset asset : alloc.assets()) {
      assets.add(asset(asset));
      backends.add(AbiValue.uint(asset.backendId()));
    }
    Balances balances = alloc.balances();
    List<AbiValue> rows = new ArrayList<>(balances.numAssets());
    for (int a = 0; a < balances.numAssets(); a++) {
      rows.add(uints(balances.row(a)));
    }
    List<AbiValue> locked = new ArrayList<>(alloc.locked().size());
    for (SubAlloc sub : alloc.locked()) {
      locked.add(subAlloc(sub, n));
    }
    return AbiValue.tuple(AbiValue.array(assets), AbiValue.array(backends), AbiValue.array(rows), AbiValue.array(locked));
  }

  private static AbiValue asset(Asset asset) {
    if (asset.backendId() == EthBackend.BACKEND_ID) {
      EthAsset eth = EthAsset.of(asset);
      return AbiValue.tuple(AbiValue.uint(eth.chainId()), AbiValue.address(EthAddress.bytes(eth.holder())), AbiValue.bytes(ZERO_CROSS_CHAIN.toArray()));
    }
    return AbiValue.tuple(AbiValue.uint(asset.backendId()), AbiValue.address(ZERO_ADDRESS), AbiValue.bytes(asset.bytes().toArray()));
  }

  private static AbiValue subAlloc(SubAlloc sub, int parentParticipants) {
    List<AbiValue> indexMap = new ArrayList<>();
    if (sub.indexMap().isEmpty()) {
      for (int i = 0; i < parentParticipants; i++) {
        indexMap.add(AbiValue.uint(i));
      }
    } else {
      for (int i : sub.indexMap()) {
        InvalidValueException.check(i <= 0xFFFF, "index map entry %d of sub-allocation %s does not fit a uint16", i, sub.id());
        indexMap.add(AbiValue.uint(i));
      }
    }
    return AbiValue.tuple(AbiValue.bytes32(sub.id().bytes().toArray()), uints(sub.balances()), AbiValue.array(indexMap));
  }

  private static AbiValue uints(List<BigInteger> values) {
    List<AbiValue> words = new ArrayList<>(values.size());
    for (BigInteger v : values) {
      words.add(AbiValue.uint(v));
    }
    return AbiValue.array(words);
  }
}
