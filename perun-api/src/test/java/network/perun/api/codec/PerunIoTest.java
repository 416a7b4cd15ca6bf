// SPDX-License-Identifier: Apache-2.0
package network.perun.api.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The perunio value codec: round trips, canonical forms, and safety on hostile input. */
class PerunIoTest {
  private static final long SEED = 0x5EED_A11L;
  private static final int SIG_SIZE = 64;

  // ---- round trips ----

  @Test
  void randomStatesParamsAllocationsAndTransactionsSurviveARoundTrip() {
    Gen g = new Gen(SEED);
    for (int i = 0; i < 300; i++) {
      int assets = g.between(1, 3);
      int parts = g.between(1, 12);
      Allocation alloc = g.allocation(assets, parts, g.between(0, 2));
      PerunIoWriter w = new PerunIoWriter();
      PerunIo.writeAllocation(w, alloc);
      assertEquals(alloc, readAll(w, PerunIo::readAllocation), "seed " + SEED + ", round " + i);

      State state = g.state(assets, parts);
      assertEquals(state, PerunIo.decodeState(PerunIo.encodeState(state)), "seed " + SEED + ", round " + i);
      assertArrayEquals(PerunIo.encodeState(state), PerunIo.encodeState(PerunIo.decodeState(PerunIo.encodeState(state))));

      Params params = g.params(Math.max(2, parts));
      assertEquals(params, PerunIo.decodeParams(PerunIo.encodeParams(params)), "seed " + SEED + ", round " + i);

      Transaction tx = g.transaction(state);
      PerunIoWriter tw = new PerunIoWriter();
      PerunIo.writeTransaction(tw, tx);
      assertEquals(tx, readAll(tw, r -> PerunIo.readTransaction(r, SIG_SIZE)), "seed " + SEED + ", round " + i);
    }
  }

  @Test
  void theSignatureMaskIsLsbFirstPerByte() {
    Gen g = new Gen(SEED);
    List<Optional<Signature>> sigs = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      sigs.add(i == 0 || i == 3 || i == 9 ? Optional.of(new Signature(g.bytes(2))) : Optional.empty());
    }
    PerunIoWriter w = new PerunIoWriter();
    PerunIo.writeSparseSignatures(w, sigs);
    byte[] bytes = w.toByteArray();
    assertEquals("0902", HexFormat.of().formatHex(bytes, 0, 2));
    assertEquals(2 + 3 * 2, bytes.length);
    assertEquals(sigs, readAll(w, r -> PerunIo.readSparseSignatures(r, 10, 2)));
  }

  // ---- canonical forms ----

  @Test
  void bigIntegersWithALeadingZeroByteAreRefused() {
    assertMalformed("leading zero", () -> new PerunIoReader(hex("020005")).bigInt("balance"));
    assertMalformed("leading zero", () -> new PerunIoReader(hex("0100")).bigInt("balance"));
    assertEquals(BigInteger.ZERO, new PerunIoReader(hex("00")).bigInt("balance"));
    assertEquals(BigInteger.valueOf(0x80), new PerunIoReader(hex("0180")).bigInt("balance"));
  }

  @Test
  void bigIntegersLongerThan128BytesAreRefused() {
    byte[] bytes = new byte[1 + 129];
    bytes[0] = (byte) 129;
    bytes[1] = 1;
    assertMalformed("exceeds 128", () -> new PerunIoReader(bytes).bigInt("balance"));
    byte[] max = new byte[1 + 128];
    max[0] = (byte) 128;
    max[1] = (byte) 0xFF;
    assertEquals(1024, new PerunIoReader(max).bigInt("balance").bitLength());
  }

  @Test
  void theWriterRefusesNegativeAndOversizedBigIntegers() {
    assertThrows(InvalidValueException.class, () -> new PerunIoWriter().bigInt(BigInteger.valueOf(-1)));
    assertThrows(InvalidValueException.class, () -> new PerunIoWriter().bigInt(BigInteger.ONE.shiftLeft(1024)));
    assertThrows(InvalidValueException.class, () -> new PerunIoWriter().u16(0x10000));
  }

  @Test
  void boolsOtherThanZeroOrOneAreRefused() {
    for (int v = 2; v < 256; v++) {
      int value = v;
      assertMalformed("must be 0 or 1, got " + v, () -> new PerunIoReader(new byte[] {(byte) value}).bool("flag"));
    }
    State state = new Gen(SEED).state(1, 2);
    byte[] bytes = PerunIo.encodeState(state);
    int isFinal = bytes.length - 1 - 2 - (state.app().isPresent() ? 2 + state.app().get().bytes().length() : 0) - state.data().length() - 1;
    assertEquals(state.isFinal() ? 1 : 0, bytes[isFinal], "the offset of the final flag");
    bytes[isFinal] = 2;
    assertMalformed("is final: a bool must be 0 or 1, got 2", () -> PerunIo.decodeState(bytes));
  }

  @Test
  void versionsOfTwoToTheSixtyThirdAndMoreAreRefused() {
    State state = new Gen(SEED).state(1, 2);
    byte[] bytes = PerunIo.encodeState(state);
    bytes[ChannelId.LENGTH + 7] = (byte) 0x80;
    assertMalformed("version", () -> PerunIo.decodeState(bytes));
  }

  @Test
  void invalidUtf8IsRefused() {
    for (String bad : new String[] {"0200c328", "0200c0af", "0300eda080", "0100ff"}) {
      assertMalformed("not valid UTF-8", () -> new PerunIoReader(hex(bad)).string("reason"));
    }
    assertEquals("é€", new PerunIoReader(hex("0500c3a9e282ac")).string("reason"));
  }

  // ---- hostile counts and lengths ----

  @Test
  void countsAreBoundedBeforeAnythingIsAllocated() {
    assertMalformed("balance asset count 65535 outside 1..1024", () -> PerunIo.readBalances(new PerunIoReader(hex("ffff0200"))));
    assertMalformed("balance asset count 0 outside", () -> PerunIo.readBalances(new PerunIoReader(hex("00000200"))));
    assertMalformed("balance count 1048576 needs at least 1048576 bytes", () -> PerunIo.readBalances(new PerunIoReader(hex("0004000400"))));
    assertMalformed("address count 2147483647 outside", () -> PerunIo.readAddresses(new PerunIoReader(hex("ffffff7f")), 2, Limits.MAX_PARTICIPANTS));
    assertMalformed("address count 4294967295 outside", () -> PerunIo.readAddresses(new PerunIoReader(hex("ffffffff")), 2, Limits.MAX_PARTICIPANTS));
    assertMalformed("address count 1024 needs at least", () -> PerunIo.readAddresses(new PerunIoReader(hex("00040000")), 2, Limits.MAX_PARTICIPANTS));
    assertMalformed("wire address count 1000 needs at least", () -> PerunIo.readWireAddresses(new PerunIoReader(hex("e8030000")), 2, Limits.MAX_PARTICIPANTS));
    assertMalformed("asset count 1024 needs at least", () -> PerunIo.readAllocation(new PerunIoReader(hex("000402000000"))));
    assertMalformed("participant count 65535 outside", () -> PerunIo.readAllocation(new PerunIoReader(hex("0100ffff0000" + "00".repeat(16)))));
    assertMalformed("locked count 65535 outside", () -> PerunIo.readAllocation(new PerunIoReader(hex("01000200ffff" + "00".repeat(16)))));
    assertMalformed("index map entry count 65535 outside", () -> PerunIo.readSubAlloc(new PerunIoReader(hex("cc".repeat(32) + "0100" + "00" + "ffff"))));
    assertMalformed("index map entry count 1000 needs at least", () -> PerunIo.readSubAlloc(new PerunIoReader(hex("cc".repeat(32) + "0100" + "00" + "e803"))));
    assertMalformed("sub-allocation balance count 65535 outside", () -> PerunIo.readSubAlloc(new PerunIoReader(hex("cc".repeat(32) + "ffff"))));
    assertMalformed("truncated input: app ID needs 65535 bytes", () -> PerunIo.readOptionalApp(new PerunIoReader(hex("01ffff00"))));
    assertMalformed("truncated input", () -> new PerunIoReader(hex("ffff")).value("data"));
  }

  @Test
  void theLockedCountIsCheckedAgainstTheBytesLeft() {
    Allocation alloc = new Gen(SEED).allocation(1, 2, 0);
    PerunIoWriter w = new PerunIoWriter();
    PerunIo.writeAllocation(w, alloc);
    byte[] bytes = w.toByteArray();
    bytes[4] = 0x00;
    bytes[5] = 0x04; // locked count 1024, no sub-allocation follows
    assertMalformed("locked count 1024 needs at least", () -> PerunIo.readAllocation(new PerunIoReader(bytes)));
  }

  @Test
  void everyTruncationOfAStateIsRefused() {
    Gen g = new Gen(SEED);
    for (int i = 0; i < 20; i++) {
      byte[] bytes = PerunIo.encodeState(g.state(2, 3));
      for (int len = 0; len < bytes.length; len++) {
        byte[] cut = Arrays.copyOf(bytes, len);
        assertThrows(MalformedMessageException.class, () -> PerunIo.decodeState(cut), "seed " + SEED + ", length " + len);
      }
      byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
      assertMalformed("1 trailing bytes", () -> PerunIo.decodeState(longer));
    }
  }

  @Test
  void everyTruncationOfParamsIsRefused() {
    byte[] bytes = PerunIo.encodeParams(new Gen(SEED).params(3));
    for (int len = 0; len < bytes.length; len++) {
      byte[] cut = Arrays.copyOf(bytes, len);
      assertThrows(MalformedMessageException.class, () -> PerunIo.decodeParams(cut), "seed " + SEED + ", length " + len);
    }
  }

  // ---- structure and value rules ----

  @Test
  void addressMapsMustHoldExactlyOneNonNegativeBackend() {
    assertMalformed("address map with 2 entries", () -> PerunIo.readAddress(new PerunIoReader(hex("02000000" + "00000000" + "0100aa" + "01000000" + "0100bb"))));
    assertMalformed("address map with 0 entries", () -> PerunIo.readAddress(new PerunIoReader(hex("00000000"))));
    assertMalformed("backend ID 4294967295 out of range", () -> PerunIo.readWireAddress(new PerunIoReader(hex("01000000" + "ffffffff" + "0100aa"))));
    assertMalformed("invalid value: address must be 1..65535 bytes, got 0", () -> PerunIo.readAddress(new PerunIoReader(hex("01000000" + "00000000" + "0000"))));
  }

  @Test
  void aTransactionWithoutStateOrWithStraySignatureBitsIsRefused() {
    Gen g = new Gen(SEED);
    State state = g.state(1, 3);
    PerunIoWriter w = new PerunIoWriter();
    PerunIo.writeTransaction(w, Transaction.unsigned(state));
    byte[] bytes = w.toByteArray();
    assertEquals(3, readAll(w, r -> PerunIo.readTransaction(r, SIG_SIZE)).signatures().size());
    byte[] noState = bytes.clone();
    noState[0] = 0;
    assertMalformed("transaction without state (flag 0)", () -> PerunIo.readTransaction(new PerunIoReader(noState), SIG_SIZE));
    byte[] stray = bytes.clone();
    stray[stray.length - 1] = 0x08; // bit 3 of 3 participants
    assertMalformed("signature mask marks slot 3 of 3 participants", () -> PerunIo.readTransaction(new PerunIoReader(stray), SIG_SIZE));
    byte[] missing = bytes.clone();
    missing[missing.length - 1] = 0x01; // slot 0 signed, but no signature follows
    assertMalformed("truncated input: signature 0 needs 64 bytes", () -> PerunIo.readTransaction(new PerunIoReader(missing), SIG_SIZE));
  }

  @Test
  void decodedValuesThatBreakTheirRulesAreMalformedNotInvalid() {
    Gen g = new Gen(SEED);
    Address a = g.address();
    PerunIoWriter w = new PerunIoWriter();
    w.u64(60);
    PerunIo.writeAddresses(w, List.of(a, a));
    w.bool(false).bigInt(BigInteger.ONE).bool(true).bool(false).raw(Params.ZERO_AUX);
    assertMalformed("invalid value: participant " + a + " appears twice", () -> PerunIo.decodeParams(w.toByteArray()));

    byte[] zeroDuration = PerunIo.encodeParams(g.params(2));
    Arrays.fill(zeroDuration, 0, 8, (byte) 0);
    assertMalformed("challenge duration must be > 0", () -> PerunIo.decodeParams(zeroDuration));

    byte[] both = PerunIo.encodeParams(Params.ledger(1, List.of(g.address(), g.address()), Optional.empty(), BigInteger.ZERO));
    both[both.length - Limits.AUX_LENGTH - 1] = 1; // virtual as well as ledger
    assertMalformed("both ledger and virtual", () -> PerunIo.decodeParams(both));

    ChannelId dup = g.channelId();
    PerunIoWriter aw = new PerunIoWriter();
    aw.u16(1).u16(2).u16(2).u32(0).value(Bytes.fromHex("01"));
    PerunIo.writeBalances(aw, Balances.zeros(1, 2));
    PerunIo.writeSubAlloc(aw, new SubAlloc(dup, List.of(BigInteger.ONE), List.of()));
    PerunIo.writeSubAlloc(aw, new SubAlloc(dup, List.of(BigInteger.TWO), List.of()));
    assertMalformed("appears twice", () -> readAll(aw, PerunIo::readAllocation));

    PerunIoWriter mw = new PerunIoWriter();
    mw.u16(1).u16(3).u16(0).u32(0).value(Bytes.fromHex("01"));
    PerunIo.writeBalances(mw, Balances.zeros(1, 2));
    assertMalformed("allocation header says 1x3 but balances are 1x2", () -> readAll(mw, PerunIo::readAllocation));
  }

  // ---- helpers ----

  private static <T> T readAll(PerunIoWriter w, java.util.function.Function<PerunIoReader, T> read) {
    PerunIoReader r = new PerunIoReader(w.toByteArray());
    T value = read.apply(r);
    r.requireEnd("value");
    return value;
  }

  private static void assertMalformed(String expectedPart, Executable decode) {
    MalformedMessageException e = assertThrows(MalformedMessageException.class, decode);
    assertTrue(e.getMessage().contains(expectedPart), "expected \"" + expectedPart + "\" in: " + e.getMessage());
  }

  private static byte[] hex(String digits) {
    return HexFormat.of().parseHex(digits);
  }

  /** A small seeded generator of valid values (perun-api cannot use the testkit's RandomValues). */
  private static final class Gen {
    private final SplittableRandom rnd;

    Gen(long seed) {
      rnd = new SplittableRandom(seed);
    }

    int between(int min, int max) {
      return rnd.nextInt(min, max + 1);
    }

    Bytes bytes(int n) {
      byte[] b = new byte[n];
      rnd.nextBytes(b);
      return Bytes.wrap(b);
    }

    ChannelId channelId() {
      return new ChannelId(bytes(32));
    }

    Address address() {
      return new Address(between(0, 2), bytes(between(1, 32)));
    }

    BigInteger amount() {
      int bits = rnd.nextInt(4) == 0 ? between(65, 256) : between(0, 64);
      return new BigInteger(1, bytes((bits + 7) / 8).toArray()).shiftRight((8 - bits % 8) % 8);
    }

    Allocation allocation(int assets, int parts, int locked) {
      List<Asset> assetList = new ArrayList<>();
      List<List<BigInteger>> rows = new ArrayList<>();
      for (int a = 0; a < assets; a++) {
        assetList.add(new Asset(between(0, 2), bytes(between(0, 20))));
        List<BigInteger> row = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
          row.add(amount());
        }
        rows.add(row);
      }
      List<SubAlloc> subs = new ArrayList<>();
      for (int i = 0; i < locked; i++) {
        List<BigInteger> bals = new ArrayList<>();
        for (int a = 0; a < assets; a++) {
          bals.add(amount());
        }
        List<Integer> map = new ArrayList<>();
        for (int p = 0, n = rnd.nextBoolean() ? parts : 0; p < n; p++) {
          map.add(rnd.nextInt(parts));
        }
        subs.add(new SubAlloc(channelId(), bals, map));
      }
      return new Allocation(assetList, Balances.of(rows), subs);
    }

    Optional<AppId> app() {
      return rnd.nextBoolean() ? Optional.of(new AppId(bytes(between(1, 20)))) : Optional.empty();
    }

    State state(int assets, int parts) {
      Optional<AppId> app = app();
      return new State(channelId(), rnd.nextLong(0, Long.MAX_VALUE), allocation(assets, parts, between(0, 2)), app,
          app.isPresent() ? bytes(between(0, 10)) : Bytes.EMPTY, rnd.nextBoolean());
    }

    Params params(int parts) {
      List<Address> addrs = new ArrayList<>();
      while (addrs.size() < parts) {
        Address a = address();
        if (!addrs.contains(a)) {
          addrs.add(a);
        }
      }
      boolean ledger = rnd.nextBoolean();
      return new Params(rnd.nextLong(1, Long.MAX_VALUE), addrs, app(), amount(), ledger, !ledger && rnd.nextBoolean(),
          rnd.nextBoolean() ? Params.ZERO_AUX : bytes(Limits.AUX_LENGTH));
    }

    Transaction transaction(State state) {
      List<Optional<Signature>> sigs = new ArrayList<>();
      for (int i = 0; i < state.allocation().numParticipants(); i++) {
        sigs.add(rnd.nextBoolean() ? Optional.of(new Signature(bytes(SIG_SIZE))) : Optional.empty());
      }
      return new Transaction(state, sigs);
    }
  }
}
