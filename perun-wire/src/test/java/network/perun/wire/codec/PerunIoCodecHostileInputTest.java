// SPDX-License-Identifier: Apache-2.0
package network.perun.wire.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import network.perun.api.Balances;
import network.perun.api.Phase;
import network.perun.api.Signature;
import network.perun.api.State;
import network.perun.api.codec.MalformedMessageException;
import network.perun.api.codec.PerunIo;
import network.perun.api.codec.PerunIoWriter;
import network.perun.api.message.BaseProposal;
import network.perun.api.message.ChannelSync;
import network.perun.api.message.ChannelUpdate;
import network.perun.api.message.Envelope;
import network.perun.api.message.MessageType;
import network.perun.api.message.VirtualChannelFundingProposal;
import network.perun.api.message.VirtualChannelProposal;
import network.perun.testkit.random.RandomValues;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Targeted hostile inputs: truncations, oversized lengths and the decoder's cross-field checks. */
class PerunIoCodecHostileInputTest {
  private static final long SEED = 0xBAD_5EEDL;
  private static final int SIG_SIZE = 64;
  private final PerunIoCodec codec = new PerunIoCodec(SIG_SIZE);

  @ParameterizedTest
  @EnumSource(MessageType.class)
  void everyTruncationOfEveryMessageTypeIsRefused(MessageType type) {
    long seed = SEED + type.id();
    RandomValues rv = new RandomValues(seed);
    for (int i = 0; i < 2; i++) {
      Envelope e = new Envelope(rv.wireAddress(0), rv.wireAddress(1), rv.message(type, SIG_SIZE));
      byte[] bytes = codec.encode(e);
      for (int len = 0; len < bytes.length; len++) {
        byte[] cut = Arrays.copyOf(bytes, len);
        assertThrows(MalformedMessageException.class, () -> codec.decode(cut), () -> "seed " + seed + ", " + HexFormat.of().formatHex(cut));
      }
      assertEquals(e, codec.decode(bytes), "seed " + seed);
    }
  }

  @Test
  void authResponseLengthsAreBoundedBeforeAllocation() {
    assertMalformed("auth response signature length 4294967295 outside 1..65535", "03ffffffff00");
    assertMalformed("auth response signature length 2147483648 outside", "038000000000");
    assertMalformed("auth response signature length 65536 outside", "030001000000");
    assertMalformed("auth response signature length 0 outside", "0300000000");
    assertMalformed("truncated input: auth response signature needs 5 bytes, 2 left", "0300000005aabb");
  }

  @Test
  void stringsMustBeValidUtf8() {
    assertMalformed("shutdown reason: not valid UTF-8", "020200c328");
    assertMalformed("rejection reason: not valid UTF-8", "0a" + "11".repeat(32) + "0300eda080");
    assertMalformed("rejection reason: not valid UTF-8", "0f" + "cc".repeat(32) + "0100000000000000" + "0200c0af");
    assertMalformed("truncated input: shutdown reason needs 65535 bytes", "02ffff");
  }

  @Test
  void theActorIndexMustBeBelowTheNumberOfParticipants() {
    RandomValues rv = new RandomValues(SEED);
    State state = rv.state(rv.channelId(), 1, 2);
    byte[] bytes = codec.encodeMessage(new ChannelUpdate(state, 0, rv.signature(SIG_SIZE)));
    int actorAt = 1 + PerunIo.encodeState(state).length;
    bytes[actorAt] = 2;
    assertMalformedBytes("actor index 2 out of range for 2 participants", bytes);
    bytes[actorAt] = (byte) 0xFF;
    bytes[actorAt + 1] = (byte) 0xFF;
    assertMalformedBytes("actor index 65535 out of range", bytes);
  }

  @Test
  void theFundingAgreementMustHaveTheShapeOfTheInitialBalances() {
    RandomValues rv = new RandomValues(SEED);
    BaseProposal base = rv.baseProposal(2);
    PerunIoWriter w = new PerunIoWriter();
    w.u8(MessageType.SUB_CHANNEL_PROPOSAL.id());
    w.raw(base.proposalId().bytes()).u64(base.challengeDuration()).raw(base.nonceShare().bytes());
    PerunIo.writeOptionalApp(w, base.app());
    w.value(base.initData());
    PerunIo.writeAllocation(w, base.initBals());
    int assets = base.initBals().assets().size();
    PerunIo.writeBalances(w, Balances.zeros(assets, 3));
    w.raw(base.aux()).raw(rv.channelId().bytes());
    assertMalformedBytes("funding agreement is " + assets + "x3 but the initial balances are " + assets + "x2", w.toByteArray());
  }

  @Test
  void virtualChannelProposalCountsAreBounded() {
    RandomValues rv = new RandomValues(SEED);
    VirtualChannelProposal vcp = new VirtualChannelProposal(rv.baseProposal(2), rv.address(0), List.of(rv.wireAddress(0), rv.wireAddress(0)), List.of(), List.of());
    byte[] bytes = codec.encodeMessage(vcp);
    int parentsAt = bytes.length - 4;
    assertEquals(vcp, codec.decodeMessage(bytes));
    byte[] manyParents = bytes.clone();
    manyParents[parentsAt] = (byte) 0xFF;
    manyParents[parentsAt + 1] = (byte) 0xFF;
    assertMalformedBytes("parent count 65535 outside 0..1024", manyParents);
    manyParents[parentsAt] = 0x00;
    manyParents[parentsAt + 1] = 0x04;
    assertMalformedBytes("parent count 1024 needs at least 32768 bytes", manyParents);
    byte[] manyMaps = bytes.clone();
    manyMaps[bytes.length - 2] = (byte) 0xFF;
    manyMaps[bytes.length - 1] = (byte) 0xFF;
    assertMalformedBytes("index map count 65535 outside 0..1024", manyMaps);
    manyMaps[bytes.length - 2] = 0x01;
    manyMaps[bytes.length - 1] = 0x00;
    assertMalformedBytes("index map count 1 needs at least 2 bytes, 0 left", manyMaps);
  }

  @Test
  void indexMapEntriesMustBeParticipantIndices() {
    RandomValues rv = new RandomValues(SEED);
    var params = rv.virtualParams(2);
    VirtualChannelFundingProposal vcfp = new VirtualChannelFundingProposal(rv.channelUpdate(2, SIG_SIZE), params,
        rv.state(rv.channelId(), 1, 2), List.of(Optional.empty(), Optional.empty()), List.of(1));
    byte[] bytes = codec.encodeMessage(vcfp);
    assertEquals(vcfp, codec.decodeMessage(bytes));
    int entryAt = bytes.length - 1 - 2; // before the one-byte signature mask
    assertEquals(1, bytes[entryAt]);
    bytes[entryAt] = 0x00;
    bytes[entryAt + 1] = 0x04;
    assertMalformedBytes("index map entry 0 out of range 0..1023: 1024", bytes);
  }

  @Test
  void unknownPhasesAreRefused() {
    RandomValues rv = new RandomValues(SEED);
    ChannelSync sync = new ChannelSync(Phase.WITHDRAWN, rv.transaction(rv.state(rv.channelId(), 1, 2), SIG_SIZE));
    byte[] bytes = codec.encodeMessage(sync);
    assertEquals(11, bytes[1]);
    bytes[1] = 12;
    assertMalformedBytes("unknown phase code 12", bytes);
  }

  @Test
  void peerListsNeedTwoToMaxParticipantsEntries() {
    RandomValues rv = new RandomValues(SEED);
    var proposal = rv.message(MessageType.LEDGER_CHANNEL_PROPOSAL, SIG_SIZE);
    byte[] bytes = codec.encodeMessage(proposal);
    int peers = ((network.perun.api.message.LedgerChannelProposal) proposal).peers().size();
    int countAt = bytes.length - peers * (4 + 4 + 2 + 32) - 4;
    assertEquals(peers, bytes[countAt]);
    bytes[countAt] = 1;
    assertMalformedBytes("wire address count 1 outside 2..1024", bytes);
    bytes[countAt] = (byte) 0xFF;
    bytes[countAt + 1] = (byte) 0xFF;
    bytes[countAt + 2] = (byte) 0xFF;
    bytes[countAt + 3] = (byte) 0x7F;
    assertMalformedBytes("wire address count 2147483647 outside", bytes);
  }

  @Test
  void aSignatureMaskThatMarksAMissingSignatureIsRefused() {
    RandomValues rv = new RandomValues(SEED);
    State state = rv.state(rv.channelId(), 1, 2);
    ChannelSync sync = new ChannelSync(Phase.ACTING, new network.perun.api.Transaction(state, List.of(Optional.of(new Signature(rv.bytes(SIG_SIZE))), Optional.empty())));
    byte[] bytes = codec.encodeMessage(sync);
    int maskAt = bytes.length - SIG_SIZE - 1;
    assertEquals(1, bytes[maskAt]);
    bytes[maskAt] = 3;
    assertMalformedBytes("truncated input: signature 1 needs 64 bytes", bytes);
    bytes[maskAt] = 5;
    assertMalformedBytes("signature mask marks slot 2 of 2 participants", bytes);
  }

  private void assertMalformed(String expectedPart, String hex) {
    assertMalformedBytes(expectedPart, HexFormat.of().parseHex(hex));
  }

  private void assertMalformedBytes(String expectedPart, byte[] bytes) {
    Executable decode = () -> codec.decodeMessage(bytes);
    MalformedMessageException e = assertThrows(MalformedMessageException.class, decode, () -> HexFormat.of().formatHex(bytes));
    assertTrue(e.getMessage().contains(expectedPart), () -> "expected \"" + expectedPart + "\" in: " + e.getMessage());
  }
}
