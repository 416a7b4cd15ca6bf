// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import network.perun.api.Address;
import network.perun.api.Allocation;
import network.perun.api.AppId;
import network.perun.api.Asset;
import network.perun.api.Balances;
import network.perun.api.Bytes;
import network.perun.api.ChannelId;
import network.perun.api.Limits;
import network.perun.api.Params;
import network.perun.api.PerunException;
import network.perun.api.Signature;
import network.perun.api.SignedState;
import network.perun.api.State;
import network.perun.api.SubAlloc;
import network.perun.backend.eth.abi.AbiDecodingException;
import network.perun.backend.eth.abi.AbiReader;

/**
 * Decodes {@code register} and {@code progress} calldata back into our types: the Adjudicator's
 * {@code ChannelUpdate} event carries no state, so a watcher reads it from the transaction's input (web3j's
 * decoder cannot: it fails on the {@code uint256[][]} inside the State struct).
 *
 * <p>The reverse of {@link PerunAbi}: an asset whose {@code backends} entry is 1 becomes an {@link EthAsset}
 * (chain ID and holder); any other becomes {@code Asset(backend, ccHolder)}. An identity index map
 * {@code [0..n-1]} becomes the empty index map of a sub-channel. The state's app is the params' app. Anything
 * malformed or out of our types' ranges throws {@link AbiDecodingException}.
 */
public final class PerunCalldata {
  /** The arguments of {@code register(channel, subChannels)}. */
  public record RegisterCall(SignedState channel, List<SignedState> subChannels) {
    public RegisterCall {
      Objects.requireNonNull(channel, "channel");
      subChannels = List.copyOf(subChannels);
    }

    /** The signed state of {@code id} among the channel and its sub-channels. */
    public Optional<SignedState> find(ChannelId id) {
      if (channel.state().channelId().equals(id)) {
        return Optional.of(channel);
      }
      return subChannels.stream().filter(s -> s.state().channelId().equals(id)).findFirst();
    }
  }

  /** The arguments of {@code progress(params, oldState, newState, actorIdx, sig)}. */
  public record ProgressCall(Params params, State oldState, State newState, int actorIndex, Signature signature) {
    public ProgressCall {
      Objects.requireNonNull(params, "params");
      Objects.requireNonNull(oldState, "oldState");
      Objects.requireNonNull(newState, "newState");
      Objects.requireNonNull(signature, "signature");
    }
  }

  private static final int MAX_ARRAY = Limits.MAX_ASSETS;

  private PerunCalldata() {}

  /**
   * The arguments of {@code register} calldata.
   *
   * @throws AbiDecodingException if it is not {@code register} calldata of valid values
   */
  public static RegisterCall decodeRegister(byte[] calldata) {
    AbiReader r = reader(calldata, PerunCalls.REGISTER, "register");
    return guarded(() -> {
      SignedState channel = signedState(r, r.offset(4, 4));
      int subs = r.offset(4, 4 + 32);
      int n = checkedLength(r, subs, "subChannels");
      List<SignedState> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        out.add(signedState(r, r.offset(subs + 32, subs + 32 + 32 * i)));
      }
      return new RegisterCall(channel, out);
    });
  }

  /**
   * The arguments of {@code progress} calldata.
   *
   * @throws AbiDecodingException if it is not {@code progress} calldata of valid values
   */
  public static ProgressCall decodeProgress(byte[] calldata) {
    AbiReader r = reader(calldata, PerunCalls.PROGRESS, "progress");
    return guarded(() -> {
      Params params = params(r, r.offset(4, 4));
      State oldState = state(r, r.offset(4, 4 + 32), params.app());
      State newState = state(r, r.offset(4, 4 + 64), params.app());
      int actor = r.uintAsInt(4 + 96, params.numParticipants() - 1, "actorIdx");
      byte[] sig = r.bytes(r.offset(4, 4 + 128));
      if (sig.length == 0) {
        throw new AbiDecodingException("progress calldata has an empty signature");
      }
      return new ProgressCall(params, oldState, newState, actor, Signature.of(sig));
    });
  }

  private static AbiReader reader(byte[] calldata, Bytes selector, String name) {
    if (calldata.length < 4 || !Arrays.equals(calldata, 0, 4, selector.toArray(), 0, 4)) {
      throw new AbiDecodingException("not " + name + " calldata: selector " + Bytes.of(Arrays.copyOf(calldata, Math.min(4, calldata.length))) + ", expected " + selector);
    }
    return new AbiReader(calldata);
  }

  private interface Decoding<T> {
    T run();
  }

  /** Runs {@code decoding}, turning a value our types refuse into an {@link AbiDecodingException}. */
  private static <T> T guarded(Decoding<T> decoding) {
    try {
      return decoding.run();
    } catch (AbiDecodingException e) {
      throw e;
    } catch (PerunException e) {
      throw new AbiDecodingException("calldata holds an invalid value: " + e.getMessage(), e);
    }
  }

  private static SignedState signedState(AbiReader r, int t) {
    Params params = params(r, r.offset(t, t));
    State state = state(r, r.offset(t, t + 32), params.app());
    int sigs = r.offset(t, t + 64);
    int n = checkedLength(r, sigs, "sigs");
    List<Signature> signatures = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      byte[] sig = r.bytes(r.offset(sigs + 32, sigs + 32 + 32 * i));
      if (sig.length == 0) {
        throw new AbiDecodingException("signature " + i + " is empty");
      }
      signatures.add(Signature.of(sig));
    }
    return new SignedState(params, state, signatures);
  }

  private static Params params(AbiReader r, int t) {
    long duration = r.uintAsLong(t, "challengeDuration");
    BigInteger nonce = r.uint(t + 32);
    int parts = r.offset(t, t + 64);
    int n = checkedLength(r, parts, "participants");
    List<Address> participants = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int p = r.offset(parts + 32, parts + 32 + 32 * i);
      participants.add(EthAddress.of(r.address(p)));
      r.bytes(r.offset(p, p + 32)); // ccAddress: checked, not kept (ours are 32 zero bytes)
    }
    byte[] app = r.address(t + 96);
    Optional<AppId> appId = Bytes.wrap(app).isZero() ? Optional.empty() : Optional.of(new AppId(Bytes.wrap(app)));
    return new Params(duration, participants, appId, nonce, r.bool(t + 128), r.bool(t + 160), Params.ZERO_AUX);
  }

  private static State state(AbiReader r, int t, Optional<AppId> app) {
    ChannelId id = new ChannelId(Bytes.wrap(r.word(t)));
    long version = r.uintAsLong(t + 32, "version");
    Allocation alloc = allocation(r, r.offset(t, t + 64));
    byte[] data = r.bytes(r.offset(t, t + 96));
    return new State(id, version, alloc, app, Bytes.wrap(data), r.bool(t + 128));
  }

  private static Allocation allocation(AbiReader r, int t) {
    int assetsPos = r.offset(t, t);
    int backendsPos = r.offset(t, t + 32);
    int balancesPos = r.offset(t, t + 64);
    int lockedPos = r.offset(t, t + 96);
    int numAssets = checkedLength(r, assetsPos, "assets");
    int numBackends = checkedLength(r, backendsPos, "backends");
    if (numBackends != numAssets) {
      throw new AbiDecodingException(numAssets + " assets but " + numBackends + " backends");
    }
    List<Asset> assets = new ArrayList<>(numAssets);
    for (int i = 0; i < numAssets; i++) {
      int backend = r.uintAsInt(backendsPos + 32 + 32 * i, Integer.MAX_VALUE, "backends[" + i + "]");
      assets.add(asset(r, r.offset(assetsPos + 32, assetsPos + 32 + 32 * i), backend));
    }
    int rows = checkedLength(r, balancesPos, "balances");
    List<List<BigInteger>> balances = new ArrayList<>(rows);
    for (int a = 0; a < rows; a++) {
      balances.add(uints(r, r.offset(balancesPos + 32, balancesPos + 32 + 32 * a), "balances[" + a + "]"));
    }
    Balances bals = Balances.of(balances);
    int numLocked = checkedLength(r, lockedPos, "locked");
    List<SubAlloc> locked = new ArrayList<>(numLocked);
    for (int l = 0; l < numLocked; l++) {
      locked.add(subAlloc(r, r.offset(lockedPos + 32, lockedPos + 32 + 32 * l), bals.numParticipants()));
    }
    return new Allocation(assets, bals, locked);
  }

  private static Asset asset(AbiReader r, int t, int backend) {
    BigInteger chainId = r.uint(t);
    byte[] holder = r.address(t + 32);
    byte[] ccHolder = r.bytes(r.offset(t, t + 64));
    if (backend == EthBackend.BACKEND_ID) {
      return new EthAsset(chainId, EthAddress.of(holder)).toAsset();
    }
    return new Asset(backend, Bytes.wrap(ccHolder));
  }

  private static SubAlloc subAlloc(AbiReader r, int t, int parentParticipants) {
    ChannelId id = new ChannelId(Bytes.wrap(r.word(t)));
    List<BigInteger> balances = uints(r, r.offset(t, t + 32), "sub-allocation balances");
    int map = r.offset(t, t + 64);
    int n = checkedLength(r, map, "indexMap");
    List<Integer> indexMap = new ArrayList<>(n);
    boolean identity = n == parentParticipants;
    for (int i = 0; i < n; i++) {
      int idx = r.uintAsInt(map + 32 + 32 * i, 0xFFFF, "indexMap[" + i + "]");
      identity &= idx == i;
      indexMap.add(idx);
    }
    return new SubAlloc(id, balances, identity ? List.of() : indexMap);
  }

  private static List<BigInteger> uints(AbiReader r, int pos, String what) {
    int n = checkedLength(r, pos, what);
    List<BigInteger> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(r.uint(pos + 32 + 32 * i));
    }
    return out;
  }

  private static int checkedLength(AbiReader r, int pos, String what) {
    int n = r.arrayLength(pos);
    if (n > MAX_ARRAY) {
      throw new AbiDecodingException(what + " has " + n + " entries, at most " + MAX_ARRAY + " allowed");
    }
    return n;
  }
}
