// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth.contracts;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.DynamicStruct;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint16;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * The Perun contract structs as test values, each with its web3j {@link DynamicStruct} form and its
 * {@code abi.encode}. Per spec 1.9, {@code FunctionEncoder.encodeConstructor(List.of(struct))} is
 * {@code abi.encode(struct)} (with the leading offset word) and {@code encodeConstructor(args)} is the argument
 * part of a call.
 */
@SuppressWarnings({"rawtypes", "unchecked"})
final class Abi {
  private Abi() {}

  /** 32 zero bytes: the cross-chain address and holder of an Ethereum-only participant and asset. */
  static final byte[] ZERO32 = new byte[32];

  /** The zero address (no app, or no EVM holder). */
  static final String ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

  /** A channel participant. */
  record Participant(String ethAddress, byte[] ccAddress) {
    static Participant eth(String address) {
      return new Participant(address, ZERO32);
    }

    DynamicStruct abi() {
      return new DynamicStruct(new Address(ethAddress), new DynamicBytes(ccAddress));
    }
  }

  /** Channel parameters. */
  record Params(BigInteger challengeDuration, BigInteger nonce, List<Participant> participants, String app,
      boolean ledgerChannel, boolean virtualChannel) {
    Params withNonce(long n) {
      return new Params(challengeDuration, BigInteger.valueOf(n), participants, app, ledgerChannel, virtualChannel);
    }

    Params withApp(String a) {
      return new Params(challengeDuration, nonce, participants, a, ledgerChannel, virtualChannel);
    }

    Params withLedger(boolean l) {
      return new Params(challengeDuration, nonce, participants, app, l, virtualChannel);
    }

    Params withVirtual(boolean v) {
      return new Params(challengeDuration, nonce, participants, app, ledgerChannel, v);
    }

    Params withParticipants(List<Participant> p) {
      return new Params(challengeDuration, nonce, p, app, ledgerChannel, virtualChannel);
    }

    Params withDuration(BigInteger d) {
      return new Params(d, nonce, participants, app, ledgerChannel, virtualChannel);
    }

    DynamicStruct abi() {
      return new DynamicStruct(new Uint256(challengeDuration), new Uint256(nonce),
          structs(participants, Participant::abi), new Address(app), new Bool(ledgerChannel),
          new Bool(virtualChannel));
    }

    byte[] encoded() {
      return encode(abi());
    }

    /** keccak256(abi.encode(params)). */
    byte[] channelId() {
      return Hash.sha3(encoded());
    }
  }

  /** An asset. */
  record Asset(BigInteger chainID, String ethHolder, byte[] ccHolder) {
    Asset withEthHolder(String h) {
      return new Asset(chainID, h, ccHolder);
    }

    Asset withChainID(BigInteger c) {
      return new Asset(c, ethHolder, ccHolder);
    }

    DynamicStruct abi() {
      return new DynamicStruct(new Uint256(chainID), new Address(ethHolder), new DynamicBytes(ccHolder));
    }
  }

  /** Funds locked in a sub-channel. */
  record SubAlloc(byte[] id, List<BigInteger> balances, List<Integer> indexMap) {
    SubAlloc withId(byte[] i) {
      return new SubAlloc(i, balances, indexMap);
    }

    DynamicStruct abi() {
      return new DynamicStruct(new Bytes32(id), uint256s(balances),
          new DynamicArray(Uint16.class, indexMap.stream().map(i -> new Uint16(i)).toList()));
    }
  }

  /** A channel's allocation of funds. */
  record Allocation(List<Asset> assets, List<BigInteger> backends, List<List<BigInteger>> balances,
      List<SubAlloc> locked) {
    Allocation withAssets(List<Asset> a) {
      return new Allocation(a, backends, balances, locked);
    }

    Allocation withBalances(List<List<BigInteger>> b) {
      return new Allocation(assets, backends, b, locked);
    }

    Allocation withLocked(List<SubAlloc> l) {
      return new Allocation(assets, backends, balances, l);
    }

    DynamicStruct abi() {
      List<DynamicArray> rows = balances.stream().map(Abi::uint256s).toList();
      return new DynamicStruct(structs(assets, Asset::abi), uint256s(backends),
          new DynamicArray(DynamicArray.class, rows), structs(locked, SubAlloc::abi));
    }
  }

  /** A channel state. */
  record State(byte[] channelID, long version, Allocation outcome, byte[] appData, boolean isFinal) {
    State withChannelID(byte[] id) {
      return new State(id, version, outcome, appData, isFinal);
    }

    State withVersion(long v) {
      return new State(channelID, v, outcome, appData, isFinal);
    }

    State withOutcome(Allocation o) {
      return new State(channelID, version, o, appData, isFinal);
    }

    State withFinal(boolean f) {
      return new State(channelID, version, outcome, appData, f);
    }

    State withBalances(List<List<BigInteger>> b) {
      return withOutcome(outcome.withBalances(b));
    }

    DynamicStruct abi() {
      return new DynamicStruct(new Bytes32(channelID), new Uint64(version), outcome.abi(),
          new DynamicBytes(appData), new Bool(isFinal));
    }

    byte[] encoded() {
      return encode(abi());
    }

    /** keccak256(abi.encode(state)). */
    byte[] hash() {
      return Hash.sha3(encoded());
    }
  }

  /** Params, a state and all participants' signatures on it. */
  record SignedState(Params params, State state, List<byte[]> sigs) {
    DynamicStruct abi() {
      return new DynamicStruct(params.abi(), state.abi(), bytesArray(sigs));
    }
  }

  /** A signed order to withdraw from a settled channel. */
  record WithdrawalAuth(byte[] channelID, Participant participant, String receiver, BigInteger amount) {
    DynamicStruct abi() {
      return new DynamicStruct(new Bytes32(channelID), participant.abi(), new Address(receiver),
          new Uint256(amount));
    }

    /** keccak256(abi.encode(auth)). */
    byte[] hash() {
      return Hash.sha3(encode(abi()));
    }
  }

  /** abi.encode(struct): one dynamic tuple, with the leading offset word. */
  static byte[] encode(DynamicStruct struct) {
    return Numeric.hexStringToByteArray(FunctionEncoder.encodeConstructor(List.of(struct)));
  }

  /** keccak256(abi.encode(bytes32 channelID, address participant)). */
  static byte[] fundingId(byte[] channelId, String participant) {
    return Hash.sha3(Numeric.hexStringToByteArray(
        FunctionEncoder.encodeConstructor(List.of(new Bytes32(channelId), new Address(participant)))));
  }

  /** Calldata: a 4-byte selector followed by the encoded arguments. */
  static String call(String selector, Type... args) {
    return selector + FunctionEncoder.encodeConstructor(Arrays.asList(args));
  }

  static DynamicArray uint256s(List<BigInteger> values) {
    return new DynamicArray(Uint256.class, values.stream().map(Uint256::new).toList());
  }

  static DynamicArray bytesArray(List<byte[]> values) {
    return new DynamicArray(DynamicBytes.class, values.stream().map(DynamicBytes::new).toList());
  }

  static <T> DynamicArray structs(List<T> values, Function<T, DynamicStruct> abi) {
    List<DynamicStruct> structs = new ArrayList<>();
    for (T v : values) {
      structs.add(abi.apply(v));
    }
    return new DynamicArray(DynamicStruct.class, structs);
  }

  /** {@code n} ether in wei. */
  static BigInteger ether(long n) {
    return BigInteger.TEN.pow(18).multiply(BigInteger.valueOf(n));
  }

  static String hex(byte[] bytes) {
    return Numeric.toHexString(bytes);
  }

  static byte[] bytes(String hex) {
    return Numeric.hexStringToByteArray(hex);
  }
}
