// SPDX-License-Identifier: Apache-2.0
package network.perun.persistence.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
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

/** The checks of a channel snapshot, and the golden record that pins the store's record format 1. */
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

  /**
   * The record of {@link #CHANNEL} with 4-byte signatures. Changing it means changing the on-disk format: raise
   * {@link PersistedChannelCodec#FORMAT} and add a migration instead.
   */
  static final String GOLDEN = "01" + "0400" + "a6010000" // format 1, signature size 4, fixed part 422 bytes: 32 + 357 + 2 + 30 + 1
      + "11".repeat(32) // channel ID
      + "3c00000000000000" // challenge duration 60
      + "02000000" + "01000000" + "00000000" + "2000" + "01".repeat(32) + "01000000" + "00000000" + "2000" + "02".repeat(32) // participants
      + "00" + "0105" + "01" + "00" + "00".repeat(256) // no app, nonce 5, ledger, not virtual, aux
      + "0100" // own index 1
      + "02000000" + "01000000" + "00000000" + "0300" + "0a0b0c" + "01000000" + "00000000" + "0300" + "0d0e0f" // peers
      + "00" // no parent
      + "03" // phase ACTING
      + "01" + "01" + "11".repeat(32) + "0300000000000000" // current: state set, channel ID, version 3
      + "0100" + "0200" + "0000" + "00000000" + "0800" + "aa".repeat(8) + "0100" + "0200" + "010a" + "0114" // allocation
      + "00" + "00" + "0000" // not final, no app, no data
      + "03" + "a1a1a1a1" + "b2b2b2b2" // signature mask and signatures
      + "00"; // no staging

  @Test
  void goldenRecordPinsFormatOne() {
    PersistedChannelCodec codec = new PersistedChannelCodec(4);
    byte[] record = codec.encode(CHANNEL);
    String hex = Bytes.of(record).toHex();
    assertEquals(GOLDEN, hex.substring(0, hex.length() - 8), "the record without its checksum");
    assertEquals(CHANNEL, codec.decode(Bytes.fromHex(hex).toArray()));
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
  }
}
