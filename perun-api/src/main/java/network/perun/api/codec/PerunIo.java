// SPDX-License-Identifier: Apache-2.0
package network.perun.api.codec;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import network.perun.api.Address;
import network.perun.api.Allocation;
import network.perun.api.AppId;
import network.perun.api.Asset;
import network.perun.api.Balances;
import network.perun.api.Bytes;
import network.perun.api.ChannelId;
import network.perun.api.InvalidValueException;
import network.perun.api.Limits;
import network.perun.api.Params;
import network.perun.api.Signature;
import network.perun.api.State;
import network.perun.api.SubAlloc;
import network.perun.api.Transaction;
import network.perun.api.WireAddress;

/**
 * The perunio encoding of the channel value types, byte-compatible with go-perun v0.15.
 *
 * <pre>
 * address map   [count:i32 = 1][backendId:i32][len:u16][address]     (one backend per identity, see README)
 * address maps  [count:i32][address map]...
 * balances      [assets:u16][parts:u16][bigint]... asset-major
 * sub-alloc     [id:32][n:u16][bigint]*n [m:u16][index:u16]*m
 * allocation    [assets:u16][parts:u16][locked:u16] ([backendId:u32][len:u16][asset])*assets balances sub-alloc*locked
 * optional app  [hasApp:bool] ([len:u16][appId])?
 * state         [id:32][version:u64] allocation [isFinal:bool] optional-app [len:u16][data]
 * params        [challengeDuration:u64] address-maps optional-app [nonce:bigint][ledger:bool][virtual:bool][aux:256]
 * transaction   [stateSet:u8 = 1] state [mask: ceil(n/8) bytes, bit i = LSB-first in byte i/8][sig]* present ones
 * </pre>
 *
 * <p>Decoders throw only {@link MalformedMessageException}, also when a decoded value breaks its type's rules.
 */
public final class PerunIo {
  private PerunIo() {}

  // ---- addresses ----

  public static void writeAddress(PerunIoWriter w, Address a) {
    w.u32(1).u32(a.backendId()).value(a.bytes());
  }

  public static Address readAddress(PerunIoReader r) {
    int backend = readSingleEntryMapHeader(r, "address");
    Bytes bytes = r.value("address");
    return valid(() -> new Address(backend, bytes));
  }

  public static void writeWireAddress(PerunIoWriter w, WireAddress a) {
    w.u32(1).u32(a.backendId()).value(a.bytes());
  }

  public static WireAddress readWireAddress(PerunIoReader r) {
    int backend = readSingleEntryMapHeader(r, "wire address");
    Bytes bytes = r.value("wire address");
    return valid(() -> new WireAddress(backend, bytes));
  }

  private static int readSingleEntryMapHeader(PerunIoReader r, String what) {
    int count = r.i32(what + " map size");
    if (count != 1) {
      throw new MalformedMessageException(what + " map with " + Integer.toUnsignedString(count) + " entries: exactly one backend per identity is supported");
    }
    int backend = r.i32(what + " backend ID");
    if (backend < 0) {
      throw new MalformedMessageException(what + " backend ID " + Integer.toUnsignedString(backend) + " out of range");
    }
    return backend;
  }

  public static void writeAddresses(PerunIoWriter w, List<Address> addresses) {
    w.u32(addresses.size());
    for (Address a : addresses) {
      writeAddress(w, a);
    }
  }

  public static List<Address> readAddresses(PerunIoReader r, int min, int max) {
    int n = r.count(r.i32("address count"), min, max, 11, "address");
    List<Address> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(readAddress(r));
    }
    return out;
  }

  public static void writeWireAddresses(PerunIoWriter w, List<WireAddress> addresses) {
    w.u32(addresses.size());
    for (WireAddress a : addresses) {
      writeWireAddress(w, a);
    }
  }

  public static List<WireAddress> readWireAddresses(PerunIoReader r, int min, int max) {
    int n = r.count(r.i32("wire address count"), min, max, 11, "wire address");
    List<WireAddress> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(readWireAddress(r));
    }
    return out;
  }

  // ---- ids ----

  public static ChannelId readChannelId(PerunIoReader r) {
    return new ChannelId(r.raw(ChannelId.LENGTH, "channel ID"));
  }

  // ---- app ----

  public static void writeOptionalApp(PerunIoWriter w, Optional<AppId> app) {
    w.bool(app.isPresent());
    app.ifPresent(id -> w.value(id.bytes()));
  }

  public static Optional<AppId> readOptionalApp(PerunIoReader r) {
    if (!r.bool("has app")) {
      return Optional.empty();
    }
    Bytes id = r.value("app ID");
    return Optional.of(valid(() -> new AppId(id)));
  }

  // ---- balances and allocations ----

  public static void writeBalances(PerunIoWriter w, Balances b) {
    w.u16(b.numAssets()).u16(b.numParticipants());
    for (int a = 0; a < b.numAssets(); a++) {
      for (int p = 0; p < b.numParticipants(); p++) {
        w.bigInt(b.get(a, p));
      }
    }
  }

  public static Balances readBalances(PerunIoReader r) {
    int assets = r.count(r.u16("balances asset count"), 1, Limits.MAX_ASSETS, 0, "balance asset");
    int parts = r.count(r.u16("balances participant count"), 1, Limits.MAX_PARTICIPANTS, 0, "balance participant");
    r.count(assets * parts, 0, Limits.MAX_ASSETS * Limits.MAX_PARTICIPANTS, 1, "balance");
    List<List<BigInteger>> rows = new ArrayList<>(assets);
    for (int a = 0; a < assets; a++) {
      List<BigInteger> row = new ArrayList<>(parts);
      for (int p = 0; p < parts; p++) {
        row.add(r.bigInt("balance"));
      }
      rows.add(row);
    }
    return valid(() -> Balances.of(rows));
  }

  public static void writeSubAlloc(PerunIoWriter w, SubAlloc s) {
    w.raw(s.id().bytes()).u16(s.balances().size());
    for (BigInteger b : s.balances()) {
      w.bigInt(b);
    }
    w.u16(s.indexMap().size());
    for (int i : s.indexMap()) {
      w.u16(i);
    }
  }

  public static SubAlloc readSubAlloc(PerunIoReader r) {
    ChannelId id = readChannelId(r);
    int n = r.count(r.u16("sub-allocation balance count"), 1, Limits.MAX_ASSETS, 1, "sub-allocation balance");
    List<BigInteger> bals = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      bals.add(r.bigInt("sub-allocation balance"));
    }
    int m = r.count(r.u16("index map size"), 0, Limits.MAX_PARTICIPANTS, 2, "index map entry");
    List<Integer> map = new ArrayList<>(m);
    for (int i = 0; i < m; i++) {
      map.add(r.u16("index map entry"));
    }
    return valid(() -> new SubAlloc(id, bals, map));
  }

  public static void writeAllocation(PerunIoWriter w, Allocation alloc) {
    w.u16(alloc.assets().size()).u16(alloc.numParticipants()).u16(alloc.locked().size());
    for (Asset a : alloc.assets()) {
      w.u32(a.backendId()).value(a.bytes());
    }
    writeBalances(w, alloc.balances());
    for (SubAlloc s : alloc.locked()) {
      writeSubAlloc(w, s);
    }
  }

  public static Allocation readAllocation(PerunIoReader r) {
    int assets = r.count(r.u16("asset count"), 1, Limits.MAX_ASSETS, 6, "asset");
    int parts = r.count(r.u16("participant count"), 1, Limits.MAX_PARTICIPANTS, 0, "participant");
    int locked = r.count(r.u16("locked count"), 0, Limits.MAX_SUB_ALLOCATIONS, 0, "locked");
    List<Asset> assetList = new ArrayList<>(assets);
    for (int i = 0; i < assets; i++) {
      int backend = r.i32("asset backend ID");
      if (backend < 0) {
        throw new MalformedMessageException("asset backend ID " + Integer.toUnsignedString(backend) + " out of range");
      }
      Bytes bytes = r.value("asset");
      assetList.add(valid(() -> new Asset(backend, bytes)));
    }
    Balances balances = readBalances(r);
    if (balances.numAssets() != assets || balances.numParticipants() != parts) {
      throw new MalformedMessageException("allocation header says " + assets + "x" + parts + " but balances are " + balances.numAssets() + "x" + balances.numParticipants());
    }
    r.count(locked, 0, Limits.MAX_SUB_ALLOCATIONS, 36, "locked");
    List<SubAlloc> subs = new ArrayList<>(locked);
    for (int i = 0; i < locked; i++) {
      subs.add(readSubAlloc(r));
    }
    return valid(() -> new Allocation(assetList, balances, subs));
  }

  // ---- state, params, transaction ----

  public static void writeState(PerunIoWriter w, State s) {
    w.raw(s.channelId().bytes()).u64(s.version());
    writeAllocation(w, s.allocation());
    w.bool(s.isFinal());
    writeOptionalApp(w, s.app());
    w.value(s.data());
  }

  public static State readState(PerunIoReader r) {
    ChannelId id = readChannelId(r);
    long version = r.u64("version");
    Allocation alloc = readAllocation(r);
    boolean isFinal = r.bool("is final");
    Optional<AppId> app = readOptionalApp(r);
    Bytes data = r.value("app data");
    return valid(() -> new State(id, version, alloc, app, data, isFinal));
  }

  /** The encoding of {@code s} on its own. */
  public static byte[] encodeState(State s) {
    PerunIoWriter w = new PerunIoWriter(128 + 64 * s.allocation().numParticipants() * s.allocation().assets().size());
    writeState(w, s);
    return w.toByteArray();
  }

  /** Decodes exactly one state from {@code bytes}. */
  public static State decodeState(byte[] bytes) {
    PerunIoReader r = new PerunIoReader(bytes);
    State s = readState(r);
    r.requireEnd("state");
    return s;
  }

  public static void writeParams(PerunIoWriter w, Params p) {
    w.u64(p.challengeDuration());
    writeAddresses(w, p.participants());
    writeOptionalApp(w, p.app());
    w.bigInt(p.nonce()).bool(p.ledger()).bool(p.virtual()).raw(p.aux());
  }

  public static Params readParams(PerunIoReader r) {
    long duration = r.u64("challenge duration");
    List<Address> parts = readAddresses(r, 2, Limits.MAX_PARTICIPANTS);
    Optional<AppId> app = readOptionalApp(r);
    BigInteger nonce = r.bigInt("nonce");
    boolean ledger = r.bool("ledger");
    boolean virtual = r.bool("virtual");
    Bytes aux = r.raw(Limits.AUX_LENGTH, "aux");
    return valid(() -> new Params(duration, parts, app, nonce, ledger, virtual, aux));
  }

  /** The encoding of {@code p} on its own. */
  public static byte[] encodeParams(Params p) {
    PerunIoWriter w = new PerunIoWriter(512);
    writeParams(w, p);
    return w.toByteArray();
  }

  /** Decodes exactly one params value from {@code bytes}. */
  public static Params decodeParams(byte[] bytes) {
    PerunIoReader r = new PerunIoReader(bytes);
    Params p = readParams(r);
    r.requireEnd("params");
    return p;
  }

  /** Writes the sparse signature list: the presence bitmask, then the present signatures raw. */
  public static void writeSparseSignatures(PerunIoWriter w, List<Optional<Signature>> sigs) {
    byte[] mask = new byte[(sigs.size() + 7) / 8];
    for (int i = 0; i < sigs.size(); i++) {
      if (sigs.get(i).isPresent()) {
        mask[i / 8] |= (byte) (1 << (i % 8));
      }
    }
    w.raw(mask);
    for (Optional<Signature> s : sigs) {
      s.ifPresent(sig -> w.raw(sig.bytes()));
    }
  }

  /** Reads {@code n} sparse signature slots of {@code signatureSize} bytes each. */
  public static List<Optional<Signature>> readSparseSignatures(PerunIoReader r, int n, int signatureSize) {
    Bytes mask = r.raw((n + 7) / 8, "signature mask");
    for (int i = n; i < mask.length() * 8; i++) {
      if ((mask.get(i / 8) & (1 << (i % 8))) != 0) {
        throw new MalformedMessageException("signature mask marks slot " + i + " of " + n + " participants");
      }
    }
    List<Optional<Signature>> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      if ((mask.get(i / 8) & (1 << (i % 8))) != 0) {
        out.add(Optional.of(new Signature(r.raw(signatureSize, "signature " + i))));
      } else {
        out.add(Optional.empty());
      }
    }
    return out;
  }

  public static void writeTransaction(PerunIoWriter w, Transaction tx) {
    w.u8(1);
    writeState(w, tx.state());
    writeSparseSignatures(w, tx.signatures());
  }

  public static Transaction readTransaction(PerunIoReader r, int signatureSize) {
    int stateSet = r.u8("transaction state flag");
    if (stateSet != 1) {
      throw new MalformedMessageException("transaction without state (flag " + stateSet + ")");
    }
    State state = readState(r);
    List<Optional<Signature>> sigs = readSparseSignatures(r, state.allocation().numParticipants(), signatureSize);
    return valid(() -> new Transaction(state, sigs));
  }

  /** Runs a constructor and turns a validation failure into a {@link MalformedMessageException}. */
  public static <T> T valid(java.util.function.Supplier<T> constructor) {
    try {
      return constructor.get();
    } catch (InvalidValueException e) {
      throw new MalformedMessageException("invalid value: " + e.getMessage(), e);
    }
  }
}
