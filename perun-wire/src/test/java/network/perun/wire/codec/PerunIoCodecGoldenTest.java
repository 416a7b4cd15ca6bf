// SPDX-License-Identifier: Apache-2.0
package network.perun.wire.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import network.perun.api.Address;
import network.perun.api.Allocation;
import network.perun.api.AppId;
import network.perun.api.Asset;
import network.perun.api.Balances;
import network.perun.api.Bytes;
import network.perun.api.ChannelId;
import network.perun.api.Params;
import network.perun.api.Phase;
import network.perun.api.Signature;
import network.perun.api.State;
import network.perun.api.SubAlloc;
import network.perun.api.Transaction;
import network.perun.api.WireAddress;
import network.perun.api.message.AuthResponse;
import network.perun.api.message.BaseProposal;
import network.perun.api.message.ChannelProposalRej;
import network.perun.api.message.ChannelSync;
import network.perun.api.message.ChannelUpdate;
import network.perun.api.message.ChannelUpdateAcc;
import network.perun.api.message.ChannelUpdateRej;
import network.perun.api.message.Envelope;
import network.perun.api.message.LedgerChannelProposal;
import network.perun.api.message.LedgerChannelProposalAcc;
import network.perun.api.message.Message;
import network.perun.api.message.MessageType;
import network.perun.api.message.NonceShare;
import network.perun.api.message.Ping;
import network.perun.api.message.Pong;
import network.perun.api.message.ProposalId;
import network.perun.api.message.Shutdown;
import network.perun.api.message.SubChannelProposal;
import network.perun.api.message.SubChannelProposalAcc;
import network.perun.api.message.VirtualChannelFundingProposal;
import network.perun.api.message.VirtualChannelProposal;
import network.perun.api.message.VirtualChannelProposalAcc;
import network.perun.api.message.VirtualChannelSettlementProposal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden byte vectors of every message type, written by hand from the go-perun v0.15 perunio layout (spec
 * sections 3.1 to 3.3), one line per field. The encoder must produce exactly these bytes and the decoder must
 * read them back to the same message.
 */
class PerunIoCodecGoldenTest {
  /** Small signatures keep the vectors readable; the codec treats every size alike. */
  private static final int SIG_SIZE = 4;
  private static final PerunIoCodec CODEC = new PerunIoCodec(SIG_SIZE);

  // ---- values and their encodings, side by side ----

  private static final ProposalId PID = new ProposalId(Bytes.fromHex("11".repeat(32)));
  private static final String PID_HEX = "11".repeat(32);
  private static final NonceShare SHARE = new NonceShare(Bytes.fromHex("22".repeat(32)));
  private static final String SHARE_HEX = "22".repeat(32);
  private static final ChannelId CID = ChannelId.fromHex("cc".repeat(32));
  private static final String CID_HEX = "cc".repeat(32);

  private static final Address ADDR_A = new Address(0, Bytes.fromHex("a1a2"));
  private static final String ADDR_A_HEX = hexOf(
      "01000000", // map entries: int32 LE 1
      "00000000", // backend ID: int32 LE 0
      "0200", //     address length: u16 LE 2
      "a1a2"); //    address bytes
  private static final Address ADDR_B = new Address(1, Bytes.fromHex("b1b2b3"));
  private static final String ADDR_B_HEX = hexOf(
      "01000000", // map entries: 1
      "01000000", // backend ID: 1
      "0300", //     address length: 3
      "b1b2b3"); //  address bytes

  private static final WireAddress PEER_P = new WireAddress(0, Bytes.fromHex("c1"));
  private static final String PEER_P_HEX = hexOf(
      "01000000", // map entries: 1
      "00000000", // backend ID: 0
      "0100", //     length: 1
      "c1"); //      wire address bytes
  private static final WireAddress PEER_Q = new WireAddress(0, Bytes.fromHex("d1d2"));
  private static final String PEER_Q_HEX = hexOf(
      "01000000", // map entries: 1
      "00000000", // backend ID: 0
      "0200", //     length: 2
      "d1d2"); //    wire address bytes

  /** One asset (backend 0, bytes 05), two participants holding 10 and 0, nothing locked. */
  private static final Allocation ALLOC = Allocation.of(
      List.of(new Asset(0, Bytes.fromHex("05"))), Balances.ofSingleAsset(BigInteger.TEN, BigInteger.ZERO));
  private static final String ALLOC_HEX = hexOf(
      "0100", //     assets: u16 1
      "0200", //     participants: u16 2
      "0000", //     locked: u16 0
      "00000000", // asset 0 backend ID: u32 0
      "0100", //     asset 0 length: 1
      "05", //       asset 0 bytes
      "0100", //     balances assets: 1
      "0200", //     balances participants: 2
      "010a", //     balance[0][0] = 10: big int length 1, magnitude 0a
      "00"); //      balance[0][1] = 0: big int length 0

  private static final Balances AGREEMENT = Balances.ofSingleAsset(BigInteger.valueOf(5), BigInteger.valueOf(5));
  private static final String AGREEMENT_HEX = hexOf(
      "0100", // assets: 1
      "0200", // participants: 2
      "0105", // [0][0] = 5
      "0105"); // [0][1] = 5

  private static final BaseProposal BASE = new BaseProposal(
      PID, 60, SHARE, Optional.empty(), Bytes.EMPTY, ALLOC, AGREEMENT, Params.ZERO_AUX);
  private static final String BASE_HEX = hexOf(
      PID_HEX, //             proposal ID [32]
      "3c00000000000000", //  challenge duration: u64 LE 60
      SHARE_HEX, //           nonce share [32]
      "00", //                has app: false
      "0000", //              initial data: length 0
      ALLOC_HEX, //           initial balances (allocation)
      AGREEMENT_HEX, //       funding agreement (balances)
      "00".repeat(256)); //   aux [256]

  private static final BaseProposal BASE_WITH_APP = new BaseProposal(
      PID, 3600, SHARE, Optional.of(new AppId(Bytes.fromHex("abcd"))), Bytes.fromHex("ff"), ALLOC, ALLOC.balances(), Bytes.fromHex("5a".repeat(256)));
  private static final String BASE_WITH_APP_HEX = hexOf(
      PID_HEX, //             proposal ID
      "100e000000000000", //  challenge duration: 3600 = 0x0e10
      SHARE_HEX, //           nonce share
      "01", //                has app: true
      "0200", "abcd", //      app ID: length 2, bytes
      "0100", "ff", //        initial data: length 1, bytes
      ALLOC_HEX, //           initial balances
      "0100", "0200", "010a", "00", // funding agreement = the initial balances
      "5a".repeat(256)); //   aux

  /** Version 5 of channel CID, ALLOC, not final, no app, no data. */
  private static final State STATE = new State(CID, 5, ALLOC, Optional.empty(), Bytes.EMPTY, false);
  private static final String STATE_HEX = hexOf(
      CID_HEX, //            channel ID [32]
      "0500000000000000", // version: u64 LE 5
      ALLOC_HEX, //          allocation
      "00", //               is final: false
      "00", //               has app: false
      "0000"); //            data: length 0

  /** A state with an app, data, a 2^64 balance and a locked sub-allocation with an index map. */
  private static final State RICH_STATE = new State(
      CID,
      7,
      new Allocation(
          List.of(new Asset(1, Bytes.fromHex("0000000000000001"))),
          Balances.ofSingleAsset(BigInteger.ONE.shiftLeft(64), BigInteger.valueOf(300)),
          List.of(new SubAlloc(ChannelId.fromHex("f0".repeat(32)), List.of(BigInteger.valueOf(400)), List.of(0, 1)))),
      Optional.of(new AppId(Bytes.fromHex("abcd"))),
      Bytes.fromHex("0102"),
      true);
  private static final String RICH_STATE_HEX = hexOf(
      CID_HEX, //              channel ID
      "0700000000000000", //   version 7
      "0100", //               assets: 1
      "0200", //               participants: 2
      "0100", //               locked: 1
      "01000000", //           asset 0 backend ID: 1
      "0800", //               asset 0 length: 8
      "0000000000000001", //   asset 0 bytes
      "0100", "0200", //       balances: 1 asset x 2 participants
      "09", "010000000000000000", // [0][0] = 2^64: 9 magnitude bytes
      "02", "012c", //         [0][1] = 300
      "f0".repeat(32), //      sub-allocation ID
      "0100", //               sub-allocation balances: 1
      "02", "0190", //         400
      "0200", //               index map entries: 2
      "0000", "0100", //       0, 1
      "01", //                 is final: true
      "01", "0200", "abcd", // app: present, length 2, ID
      "0200", "0102"); //      data: length 2, bytes

  /** Params of a virtual channel with participants A and B, nonce 258 and aux of ab bytes. */
  private static final Params PARAMS = new Params(
      60, List.of(ADDR_A, ADDR_B), Optional.empty(), BigInteger.valueOf(0x0102), false, true, Bytes.fromHex("ab".repeat(256)));
  private static final String PARAMS_HEX = hexOf(
      "3c00000000000000", // challenge duration: 60
      "02000000", //         participants: int32 LE 2
      ADDR_A_HEX, //         participant 0
      ADDR_B_HEX, //         participant 1
      "00", //               has app: false
      "02", "0102", //       nonce: big int 258
      "00", //               ledger: false
      "01", //               virtual: true
      "ab".repeat(256)); //  aux

  private static final ChannelId VIRTUAL_ID = ChannelId.fromHex("ee".repeat(32));
  private static final State VIRTUAL_INITIAL = State.initial(VIRTUAL_ID, ALLOC, Optional.empty());
  private static final String VIRTUAL_INITIAL_HEX = hexOf(
      "ee".repeat(32), "0000000000000000", ALLOC_HEX, "00", "00", "0000");
  private static final State VIRTUAL_FINAL = new State(VIRTUAL_ID, 9, ALLOC, Optional.empty(), Bytes.EMPTY, true);
  private static final String VIRTUAL_FINAL_HEX = hexOf(
      "ee".repeat(32), "0900000000000000", ALLOC_HEX, "01", "00", "0000");

  private static final Signature SIG1 = new Signature(Bytes.fromHex("deadbeef"));
  private static final Signature SIG2 = new Signature(Bytes.fromHex("01020304"));
  private static final Signature SIG3 = new Signature(Bytes.fromHex("a0a1a2a3"));

  static Stream<Arguments> vectors() {
    return Stream.of(
        vector(new Ping(0x0102030405060708L),
            "00", //               type 0: Ping
            "0807060504030201"), // time: int64 LE
        vector(new Pong(-2),
            "01", //               type 1: Pong
            "feffffffffffffff"), // time: int64 LE -2
        vector(new Shutdown("bye€"),
            "02", //               type 2: Shutdown
            "0600", //             reason length: 6 UTF-8 bytes
            "627965", "e282ac"), // "bye", "€"
        vector(new AuthResponse(Bytes.fromHex("41757468656e746963617465")),
            "03", //               type 3: AuthResponse
            "0000000c", //         signature length: uint32 BIG-endian 12
            "41757468656e746963617465"), // "Authenticate"
        vector(new LedgerChannelProposal(BASE, ADDR_A, List.of(PEER_P, PEER_Q)),
            "04", //               type 4: LedgerChannelProposal
            BASE_HEX, //           base proposal
            ADDR_A_HEX, //         participant (address map)
            "02000000", //         peers: int32 LE 2
            PEER_P_HEX, PEER_Q_HEX),
        vector(new LedgerChannelProposalAcc(PID, SHARE, ADDR_B),
            "05", //               type 5: LedgerChannelProposalAcc
            PID_HEX, SHARE_HEX, // proposal ID, nonce share
            ADDR_B_HEX), //        participant
        vector(new SubChannelProposal(BASE_WITH_APP, ChannelId.fromHex("dd".repeat(32))),
            "06", //               type 6: SubChannelProposal
            BASE_WITH_APP_HEX, //  base proposal
            "dd".repeat(32)), //   parent channel ID
        vector(new SubChannelProposalAcc(PID, SHARE),
            "07", //               type 7: SubChannelProposalAcc
            PID_HEX, SHARE_HEX),
        vector(new VirtualChannelProposal(BASE, ADDR_A, List.of(PEER_P, PEER_Q),
                List.of(ChannelId.fromHex("e1".repeat(32)), ChannelId.fromHex("e2".repeat(32))), List.of(List.of(0, 1), List.of(1, 0))),
            "08", //               type 8: VirtualChannelProposal
            BASE_HEX, //           base proposal
            ADDR_A_HEX, //         proposer
            "02000000", PEER_P_HEX, PEER_Q_HEX, // peers
            "0200", //             parents: u16 2
            "e1".repeat(32), "e2".repeat(32),
            "0200", //             index maps: u16 2
            "0200", "0000", "0100", // map 0: 2 entries, 0, 1
            "0200", "0100", "0000"), // map 1: 2 entries, 1, 0
        vector(new VirtualChannelProposalAcc(PID, SHARE, ADDR_B),
            "09", //               type 9: VirtualChannelProposalAcc
            PID_HEX, SHARE_HEX,
            ADDR_B_HEX), //        responder
        vector(new ChannelProposalRej(PID, "no"),
            "0a", //               type 10: ChannelProposalRej
            PID_HEX,
            "0200", "6e6f"), //    reason "no"
        vector(new ChannelUpdate(STATE, 1, SIG1),
            "0b", //               type 11: ChannelUpdate
            STATE_HEX, //          state
            "0100", //             actor index: u16 1
            "deadbeef"), //        signature, raw
        vector(new VirtualChannelFundingProposal(new ChannelUpdate(STATE, 0, SIG1), PARAMS, VIRTUAL_INITIAL,
                List.of(Optional.of(SIG2), Optional.empty()), List.of(0, 1)),
            "0c", //               type 12: VirtualChannelFundingProposal
            STATE_HEX, "0000", "deadbeef", // the parent update: state, actor 0, signature
            PARAMS_HEX, //         the virtual channel's params
            VIRTUAL_INITIAL_HEX, // its initial state
            "0200", "0000", "0100", // index map: 2 entries, 0, 1
            "01", //               signature mask: slot 0 only
            "01020304"), //        signature 0
        vector(new VirtualChannelSettlementProposal(new ChannelUpdate(STATE, 1, SIG1), PARAMS, VIRTUAL_FINAL,
                List.of(Optional.of(SIG2), Optional.of(SIG3))),
            "0d", //               type 13: VirtualChannelSettlementProposal
            STATE_HEX, "0100", "deadbeef", // the parent update
            PARAMS_HEX, //         params
            VIRTUAL_FINAL_HEX, //  final state
            "03", //               signature mask: slots 0 and 1
            "01020304", "a0a1a2a3"),
        vector(new ChannelUpdateAcc(CID, 7, SIG1),
            "0e", //               type 14: ChannelUpdateAcc
            CID_HEX,
            "0700000000000000", // version 7
            "deadbeef"), //        signature
        vector(new ChannelUpdateRej(CID, 7, "nope"),
            "0f", //               type 15: ChannelUpdateRej
            CID_HEX,
            "0700000000000000", // version 7
            "0400", "6e6f7065"), // reason "nope"
        vector(new ChannelSync(Phase.ACTING, new Transaction(RICH_STATE, List.of(Optional.empty(), Optional.of(SIG3)))),
            "10", //               type 16: ChannelSync
            "03", //               phase: Acting
            "01", //               transaction: state set
            RICH_STATE_HEX, //     state
            "02", //               signature mask: slot 1 only
            "a0a1a2a3")); //       signature 1
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void theEncoderWritesTheGoldenBytes(MessageType type, Message message, byte[] golden) {
    assertEquals(type, message.type());
    assertArrayEquals(golden, CODEC.encodeMessage(message),
        () -> "expected " + HexFormat.of().formatHex(golden) + "\n     got " + HexFormat.of().formatHex(CODEC.encodeMessage(message)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void theDecoderReadsTheGoldenBytes(MessageType type, Message message, byte[] golden) {
    assertEquals(message, CODEC.decodeMessage(golden));
  }

  @Test
  void thereIsAVectorForEveryMessageType() {
    Set<MessageType> covered = EnumSet.noneOf(MessageType.class);
    vectors().forEach(a -> covered.add((MessageType) a.get()[0]));
    assertEquals(EnumSet.allOf(MessageType.class), covered);
  }

  @Test
  void theEnvelopeIsTheSenderMapTheRecipientMapAndTheMessage() {
    Envelope envelope = new Envelope(PEER_P, PEER_Q, new Ping(1));
    byte[] golden = hex(
        PEER_P_HEX, //          sender
        PEER_Q_HEX, //          recipient
        "00", //                type 0: Ping
        "0100000000000000"); // time 1
    assertArrayEquals(golden, CODEC.encode(envelope));
    assertEquals(envelope, CODEC.decode(golden));
  }

  private static Arguments vector(Message message, String... fields) {
    return Arguments.of(message.type(), message, hex(fields));
  }

  private static String hexOf(String... fields) {
    return String.join("", fields);
  }

  private static byte[] hex(String... fields) {
    return HexFormat.of().parseHex(String.join("", fields));
  }
}
