// SPDX-License-Identifier: Apache-2.0
package network.perun.persistence.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;
import network.perun.api.Address;
import network.perun.api.Allocation;
import network.perun.api.Asset;
import network.perun.api.Balances;
import network.perun.api.Bytes;
import network.perun.api.ChannelId;
import network.perun.api.InvalidValueException;
import network.perun.api.Params;
import network.perun.api.Phase;
import network.perun.api.Signature;
import network.perun.api.State;
import network.perun.api.Transaction;
import network.perun.api.WireAddress;
import org.junit.jupiter.api.Test;

/** The checks of a channel snapshot, the golden record that pins the record format 2, and the format-1 record it still reads. */
class PersistedChannelTest {
  static final ChannelId ID = new ChannelId(Bytes.fromHex("11".repeat(32)));
  static final Params PARAMS = Params.ledger(60, List.of(new Address(0, Bytes.fromHex("01".repeat(32))), new Address(0, Bytes.fromHex("02".repeat(32)))),
      Optional.empty(), BigInteger.valueOf(5));
  static final List<WireAddress> PEERS = List.of(new WireAddress(0, Bytes.fromHex("0a0b0c")), new WireAddress(0, Bytes.fromHex("0d0e0f")));
  static final State STATE = new State(ID, 3, Allocation.of(List.of(new Asset(0, Bytes.fromHex("aa".repeat(8)))),
      Balances.ofSingleAsset(BigInteger.TEN, BigInteger.valueOf(20))), Optional.empty(), Bytes.EMPTY, false);
  static final Transaction SIGNED = Transaction.unsigned(STATE)
      .withSignature(0, new Signature(Bytes.fromHex("a1a1a1a1")))
      .withSignature(1, new Signature(Bytes.fromHex("b2b2b2b2")));
  static final PersistedChannel CHANNEL = new PersistedChannel(ID, PARAMS, 1, Phase.ACTING, Optional.of(SIGNED), Optional.empty(), PEERS, Optional.empty());

  /** A funding agreement other than the initial balances (10, 20): participant 0 deposits 25, participant 1 deposits 5. */
  static final Balances AGREEMENT = Balances.ofSingleAsset(BigInteger.valueOf(25), BigInteger.valueOf(5));
  static final PersistedChannel AGREED = new PersistedChannel(ID, PARAMS, 1, Phase.ACTING, Optional.of(SIGNED), Optional.empty(), PEERS, Optional.empty(),
      Optional.of(AGREEMENT));

  /** The fixed fields of {@link #CHANNEL} after the header, up to its parent: the same in formats 1 and 2. */
  static final String FIXED = "11".repeat(32) // channel ID
      + "3c00000000000000" // challenge duration 60
      + "02000000" + "01000000" + "00000000" + "2000" + "01".repeat(32) + "01000000" + "00000000" + "2000" + "02".repeat(32) // participants
      + "00" + "0105" + "01" + "00" + "00".repeat(256) // no app, nonce 5, ledger, not virtual, aux
      + "0100" // own index 1
      + "02000000" + "01000000" + "00000000" + "0300" + "0a0b0c" + "01000000" + "00000000" + "0300" + "0d0e0f" // peers
      + "00"; // no parent

  /** The mutable fields of {@link #CHANNEL}: the same in formats 1 and 2. */
  static final String MUTABLE = "03" // phase ACTING
      + "01" + "01" + "11".repeat(32) + "0300000000000000" // current: state set, channel ID, version 3
      + "0100" + "0200" + "0000" + "00000000" + "0800" + "aa".repeat(8) + "0100" + "0200" + "010a" + "0114" // allocation
      + "00" + "00" + "0000" // not final, no app, no data
      + "03" + "a1a1a1a1" + "b2b2b2b2" // signature mask and signatures
      + "00"; // no staging

  /**
   * A record of format 1 as perun-java wrote it before funding agreements were kept: {@link #CHANNEL} with 4-byte
   * signatures, checksum included. Every later perun-java must read it.
   */
  static final String GOLDEN_FORMAT_1 = "01" + "0400" + "a6010000" // format 1, signature size 4, fixed part 422 bytes: 32 + 357 + 2 + 30 + 1
      + FIXED + MUTABLE + "378b9c01"; // CRC-32C

  /**
   * The record of {@link #AGREED} in format 2, without its checksum. Changing it means changing the on-disk
   * format: raise {@link PersistedChannelCodec#FORMAT} and keep reading this one instead.
   */
  static final String GOLDEN_FORMAT_2 = "02" + "0400" + "af010000" // format 2, signature size 4, fixed part 431 bytes: 422 + 1 + 8
      + FIXED
      + "01" + "0100" + "0200" + "0119" + "0105" // has an agreement: 1 asset, 2 participants, 25 and 5
      + MUTABLE;

  @Test
  void goldenRecordPinsFormatTwo() {
    PersistedChannelCodec codec = new PersistedChannelCodec(4);
    String hex = Bytes.of(codec.encode(AGREED)).toHex();
    assertEquals(GOLDEN_FORMAT_2, hex.substring(0, hex.length() - 8), "the record without its checksum");
    assertEquals(AGREED, codec.decode(Bytes.fromHex(hex).toArray()));
    String withoutAgreement = Bytes.of(codec.encode(CHANNEL)).toHex();
    assertEquals("02" + "0400" + "a7010000" + FIXED + "00" + MUTABLE, withoutAgreement.substring(0, withoutAgreement.length() - 8));
    assertEquals(CHANNEL, codec.decode(Bytes.fromHex(withoutAgreement).toArray()));
  }

  @Test
  void aFormatOneRecordIsReadAsAChannelFundedWithItsInitialBalances() {
    PersistedChannel read = new PersistedChannelCodec(4).decode(Bytes.fromHex(GOLDEN_FORMAT_1).toArray());
    assertEquals(CHANNEL, read);
    assertEquals(Optional.empty(), read.fundingAgreement());
  }

  @Test
  void aFormatOneRecordHasTheFixedFieldsOfItsFormatTwoRewrite() {
    PersistedChannelCodec codec = new PersistedChannelCodec(4);
    byte[] old = Bytes.fromHex(GOLDEN_FORMAT_1).toArray();
    PersistedChannel later = CHANNEL.withState(Phase.SIGNING, Optional.of(SIGNED), Optional.of(Transaction.unsigned(STATE.withVersion(4))));
    assertTrue(PersistedChannelCodec.fixedPartEquals(old, codec.encode(later)), "the same channel saved again after an upgrade");
    assertTrue(PersistedChannelCodec.fixedPartEquals(codec.encode(later), old));
    assertFalse(PersistedChannelCodec.fixedPartEquals(old, codec.encode(AGREED)), "a funding agreement added on the way");
    byte[] otherSize = new PersistedChannelCodec(4).encode(CHANNEL);
    otherSize[1] = 5;
    assertFalse(PersistedChannelCodec.fixedPartEquals(old, otherSize), "another signature size");
    byte[] unknown = old.clone();
    unknown[0] = 9;
    assertFalse(PersistedChannelCodec.fixedPartEquals(unknown, codec.encode(CHANNEL)), "a record of an unknown format");
  }

  @Test
  void aRecordOfANewerOrNoFormatIsRefusedAndNamesIt() {
    PersistedChannelCodec codec = new PersistedChannelCodec(4);
    byte[] newer = withChecksum(codec.encode(AGREED), 3);
    UnsupportedFormatException e = assertThrows(UnsupportedFormatException.class, () -> codec.decode(newer));
    assertTrue(e.getMessage().contains("format 3") && e.getMessage().contains("reads formats 1 to 2") && e.getMessage().contains("newer perun-java"),
        e.getMessage());
    byte[] none = withChecksum(codec.encode(AGREED), 0);
    UnsupportedFormatException zero = assertThrows(UnsupportedFormatException.class, () -> codec.decode(none));
    assertTrue(zero.getMessage().contains("format 0") && zero.getMessage().contains("not a channel record"), zero.getMessage());
  }

  /** {@code record} with its format byte set to {@code format} and a valid checksum again. */
  private static byte[] withChecksum(byte[] record, int format) {
    byte[] out = record.clone();
    out[0] = (byte) format;
    CRC32C crc = new CRC32C();
    crc.update(out, 0, out.length - 4);
    int v = (int) crc.getValue();
    for (int i = 0; i < 4; i++) {
      out[out.length - 4 + i] = (byte) (v >>> (8 * i));
    }
    return out;
  }

  @Test
  void theFundingAgreementMustFitTheParticipants() {
    Balances three = Balances.ofSingleAsset(BigInteger.TEN, BigInteger.TEN, BigInteger.TEN);
    InvalidValueException e = assertThrows(InvalidValueException.class,
        () -> new PersistedChannel(ID, PARAMS, 1, Phase.ACTING, Optional.of(SIGNED), Optional.empty(), PEERS, Optional.empty(), Optional.of(three)));
    assertTrue(e.getMessage().contains("funding agreement has 3 participants, the channel has 2"), e.getMessage());
  }

  @Test
  void ownIndexAndPeersMustFitTheParticipants() {
    InvalidValueException index = assertThrows(InvalidValueException.class,
        () -> new PersistedChannel(ID, PARAMS, 2, Phase.ACTING, Optional.of(SIGNED), Optional.empty(), PEERS, Optional.empty()));
    assertTrue(index.getMessage().contains("own index must be in 0..1, got 2"), index.getMessage());
    InvalidValueException peers = assertThrows(InvalidValueException.class,
        () -> new PersistedChannel(ID, PARAMS, 0, Phase.ACTING, Optional.of(SIGNED), Optional.empty(), PEERS.subList(0, 1), Optional.empty()));
    assertTrue(peers.getMessage().contains("1 peers for 2 participants"), peers.getMessage());
  }

  @Test
  void transactionsMustBelongToTheChannel() {
    ChannelId other = new ChannelId(Bytes.fromHex("22".repeat(32)));
    Transaction foreign = Transaction.unsigned(new State(other, 0, STATE.allocation(), Optional.empty(), Bytes.EMPTY, false));
    InvalidValueException e = assertThrows(InvalidValueException.class,
        () -> new PersistedChannel(ID, PARAMS, 0, Phase.SIGNING, Optional.of(SIGNED), Optional.of(foreign), PEERS, Optional.empty()));
    assertTrue(e.getMessage().contains("staged state belongs to channel 22222222"), e.getMessage());
    assertThrows(InvalidValueException.class, () -> new PersistedChannel(ID, PARAMS, 0, Phase.ACTING, Optional.of(SIGNED), Optional.empty(), PEERS, Optional.of(ID)));
  }

  @Test
  void fixedFieldDifferencesNameEveryChangedField() {
    assertEquals("", CHANNEL.fixedFieldDifferences(CHANNEL.withState(Phase.SIGNING, Optional.of(SIGNED), Optional.of(Transaction.unsigned(STATE.withVersion(4))))));
    PersistedChannel changed = new PersistedChannel(ID, PARAMS, 0, Phase.ACTING, Optional.of(SIGNED), Optional.empty(), List.of(PEERS.get(1), PEERS.get(0)),
        Optional.of(new ChannelId(Bytes.fromHex("33".repeat(32)))));
    assertEquals("own index, peers, parent", CHANNEL.fixedFieldDifferences(changed));
    assertEquals("funding agreement", CHANNEL.fixedFieldDifferences(AGREED));
    assertEquals(AGREED, AGREED.withState(Phase.FINAL, Optional.of(SIGNED), Optional.empty()).withState(Phase.ACTING, Optional.of(SIGNED), Optional.empty()));
  }
}
