// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth;

import java.math.BigInteger;
import java.util.List;
import network.perun.api.Allocation;
import network.perun.api.Asset;
import network.perun.api.Balances;
import network.perun.api.InvalidValueException;
import network.perun.api.State;
import network.perun.api.SubAlloc;

/**
 * {@code abi.encode(State)} written straight into one array: the same bytes as {@link PerunAbi#state} encoded
 * through {@link network.perun.backend.eth.abi.AbiValue}, without building its tree of values (one object and
 * one 32-byte array per word). Offsets are relative to the start of the tuple or array body that holds them.
 *
 * <pre>
 * 0x20                                       the one dynamic State tuple starts after this offset word
 * State       [channelID][version][@alloc][@appData][isFinal]  alloc  appData=[len][data, padded]
 * alloc       [@assets][@backends][@balances][@locked]  then the four arrays
 * assets      [n][@asset_1..@asset_n]  asset_i = [chainID or backend][holder or 0][0x60][len][bytes, padded]
 * backends    [n][backend_1..backend_n]
 * balances    [a][@row_1..@row_a]  row = [p][balance_1..balance_p]
 * locked      [m][@sub_1..@sub_m]  sub = [ID][0x60][@indexMap][p][balances..][q][index..]
 * </pre>
 *
 * <p>Stateless and thread-safe; values that do not fit the contract types throw {@link InvalidValueException}
 * with the same checks as {@link PerunAbi}.
 */
final class StateAbi {
  private static final int W = 32;

  private StateAbi() {}

  /** {@code abi.encode(state)}. */
  static byte[] encode(State state) {
    Allocation alloc = state.allocation();
    int allocSize = allocationSize(alloc);
    int dataLength = state.data().length();
    byte[] out = new byte[W + 5 * W + allocSize + W + padded(dataLength)];
    uint(out, 0, W);
    int t = W;
    state.channelId().bytes().copyTo(out, t);
    InvalidValueException.check(state.version() >= 0, "not a uint: %d", state.version());
    uint(out, t + W, state.version());
    uint(out, t + 2 * W, 5 * W);
    uint(out, t + 3 * W, 5 * W + allocSize);
    out[t + 5 * W - 1] = (byte) (state.isFinal() ? 1 : 0);
    writeAllocation(out, t + 5 * W, alloc);
    int data = t + 5 * W + allocSize;
    uint(out, data, dataLength);
    state.data().copyTo(out, data + W);
    return out;
  }

  // ---- sizes ----

  private static int allocationSize(Allocation alloc) {
    int size = 4 * W;
    size += W;
    for (Asset asset : alloc.assets()) {
      size += W + assetSize(asset);
    }
    size += W + alloc.assets().size() * W;
    Balances b = alloc.balances();
    size += W + b.numAssets() * (W + W + b.numParticipants() * W);
    size += W;
    int n = alloc.numParticipants();
    for (SubAlloc sub : alloc.locked()) {
      size += W + subAllocSize(sub, n);
    }
    return size;
  }

  private static int assetSize(Asset asset) {
    int bytes = asset.backendId() == EthBackend.BACKEND_ID ? PerunAbi.ZERO_CROSS_CHAIN.length() : asset.bytes().length();
    return 3 * W + W + padded(bytes);
  }

  private static int indexMapLength(SubAlloc sub, int parentParticipants) {
    return sub.indexMap().isEmpty() ? parentParticipants : sub.indexMap().size();
  }

  private static int subAllocSize(SubAlloc sub, int parentParticipants) {
    return 3 * W + W + sub.balances().size() * W + W + indexMapLength(sub, parentParticipants) * W;
  }

  // ---- writing ----

  private static void writeAllocation(byte[] out, int pos, Allocation alloc) {
    List<Asset> assets = alloc.assets();
    int tail = 4 * W;
    // assets
    uint(out, pos, tail);
    int at = pos + tail;
    uint(out, at, assets.size());
    int body = at + W;
    int elem = assets.size() * W;
    for (int i = 0; i < assets.size(); i++) {
      uint(out, body + i * W, elem);
      elem += writeAsset(out, body + elem, assets.get(i));
    }
    tail += W + elem;
    // backends
    uint(out, pos + W, tail);
    at = pos + tail;
    uint(out, at, assets.size());
    for (int i = 0; i < assets.size(); i++) {
      int backend = assets.get(i).backendId();
      InvalidValueException.check(backend >= 0, "not a uint: %d", backend);
      uint(out, at + W + i * W, backend);
    }
    tail += W + assets.size() * W;
    // balances
    uint(out, pos + 2 * W, tail);
    at = pos + tail;
    Balances b = alloc.balances();
    uint(out, at, b.numAssets());
    body = at + W;
    elem = b.numAssets() * W;
    for (int a = 0; a < b.numAssets(); a++) {
      uint(out, body + a * W, elem);
      elem += writeUints(out, body + elem, b.row(a));
    }
    tail += W + elem;
    // locked
    uint(out, pos + 3 * W, tail);
    at = pos + tail;
    List<SubAlloc> locked = alloc.locked();
    uint(out, at, locked.size());
    body = at + W;
    elem = locked.size() * W;
    int n = alloc.numParticipants();
    for (int i = 0; i < locked.size(); i++) {
      uint(out, body + i * W, elem);
      elem += writeSubAlloc(out, body + elem, locked.get(i), n);
    }
  }

  /** Writes one asset tuple; returns its size. */
  private static int writeAsset(byte[] out, int pos, Asset asset) {
    if (asset.backendId() == EthBackend.BACKEND_ID) {
      if (!EthAsset.isEth(asset)) {
        EthAsset.of(asset); // throws the InvalidValueException that says why
      }
      byte[] raw = asset.bytes().toArray(); // chainID (32) || holder (20)
      System.arraycopy(raw, 0, out, pos, W);
      System.arraycopy(raw, W, out, pos + W + 12, EthAddress.LENGTH);
      uint(out, pos + 2 * W, 3 * W);
      uint(out, pos + 3 * W, PerunAbi.ZERO_CROSS_CHAIN.length());
      return 3 * W + W + padded(PerunAbi.ZERO_CROSS_CHAIN.length());
    }
    uint(out, pos, asset.backendId());
    uint(out, pos + 2 * W, 3 * W);
    uint(out, pos + 3 * W, asset.bytes().length());
    asset.bytes().copyTo(out, pos + 4 * W);
    return 3 * W + W + padded(asset.bytes().length());
  }

  /** Writes one sub-allocation tuple; returns its size. */
  private static int writeSubAlloc(byte[] out, int pos, SubAlloc sub, int parentParticipants) {
    sub.id().bytes().copyTo(out, pos);
    int balancesSize = W + sub.balances().size() * W;
    uint(out, pos + W, 3 * W);
    uint(out, pos + 2 * W, 3 * W + balancesSize);
    writeUints(out, pos + 3 * W, sub.balances());
    int at = pos + 3 * W + balancesSize;
    int q = indexMapLength(sub, parentParticipants);
    uint(out, at, q);
    if (sub.indexMap().isEmpty()) {
      for (int i = 0; i < q; i++) {
        uint(out, at + W + i * W, i);
      }
    } else {
      for (int i = 0; i < q; i++) {
        int index = sub.indexMap().get(i);
        InvalidValueException.check(index <= 0xFFFF, "index map entry %d of sub-allocation %s does not fit a uint16", index, sub.id());
        InvalidValueException.check(index >= 0, "not a uint: %d", index);
        uint(out, at + W + i * W, index);
      }
    }
    return 3 * W + balancesSize + W + q * W;
  }

  /** Writes a {@code uint256[]}: its length, then the values; returns its size. */
  private static int writeUints(byte[] out, int pos, List<BigInteger> values) {
    uint(out, pos, values.size());
    for (int i = 0; i < values.size(); i++) {
      uint(out, pos + W + i * W, values.get(i));
    }
    return W + values.size() * W;
  }

  private static void uint(byte[] out, int pos, long value) {
    for (int i = 0; i < 8; i++) {
      out[pos + W - 1 - i] = (byte) (value >>> (8 * i));
    }
  }

  private static void uint(byte[] out, int pos, BigInteger value) {
    InvalidValueException.check(value.signum() >= 0 && value.bitLength() <= 256, "not a uint256: %s", value);
    if (value.bitLength() < 64) {
      uint(out, pos, value.longValue());
      return;
    }
    byte[] b = value.toByteArray();
    int len = Math.min(b.length, W);
    System.arraycopy(b, b.length - len, out, pos + W - len, len);
  }

  private static int padded(int length) {
    return (length + W - 1) / W * W;
  }
}
