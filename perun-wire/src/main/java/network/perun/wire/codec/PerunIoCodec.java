// SPDX-License-Identifier: Apache-2.0
package network.perun.wire.codec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import network.perun.api.Address;
import network.perun.api.Allocation;
import network.perun.api.AppId;
import network.perun.api.Balances;
import network.perun.api.Bytes;
import network.perun.api.ChannelId;
import network.perun.api.InvalidValueException;
import network.perun.api.Limits;
import network.perun.api.Params;
import network.perun.api.Phase;
import network.perun.api.Signature;
import network.perun.api.State;
import network.perun.api.Transaction;
import network.perun.api.WireAddress;
import network.perun.api.codec.MalformedMessageException;
import network.perun.api.codec.PerunIo;
import network.perun.api.codec.PerunIoReader;
import network.perun.api.codec.PerunIoWriter;
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

/**
 * The perunio codec of wire envelopes and messages, byte-compatible with go-perun v0.15's perunio envelope
 * serializer.
 *
 * <p>Integers are little-endian unless marked BE; {@code value} is {@code [len:u16][bytes]}, {@code string} is
 * {@code [len:u16][UTF-8]}; address maps, states, params, allocations, balances, transactions and sparse
 * signatures are drawn in {@link PerunIo}. A signature ({@code sig}) is raw, {@link #signatureSize()} bytes, the
 * fixed size of the channel backend (64 for sim, 65 for Ethereum).
 *
 * <pre>
 * envelope      [sender: address map][recipient: address map][type:u8][body]
 * address map   [count:i32 = 1][backendId:i32][len:u16][address bytes]
 * message       [type:u8][body]            (what {@link #encodeMessage} writes)
 *
 * type body
 *  0   Ping                     [time:i64]  Unix nanoseconds
 *  1   Pong                     [time:i64]
 *  2   Shutdown                 [reason:string]
 *  3   AuthResponse             [len:u32 BE][signature bytes]          the one big-endian field
 *  4   LedgerChannelProposal    base [participant: address map][peers: count:i32, address map*]
 *  5   LedgerChannelProposalAcc [proposalId:32][nonceShare:32][participant: address map]
 *  6   SubChannelProposal       base [parent:32]
 *  7   SubChannelProposalAcc    [proposalId:32][nonceShare:32]
 *  8   VirtualChannelProposal   base [proposer: address map][peers: count:i32, address map*]
 *                               [parents: count:u16, id:32*][indexMaps: count:u16, ([len:u16][index:u16]*)*]
 *  9   VirtualChannelProposalAcc [proposalId:32][nonceShare:32][responder: address map]
 * 10   ChannelProposalRej       [proposalId:32][reason:string]
 * 11   ChannelUpdate            update
 * 12   VirtualChannelFundingProposal    update params state [indexMap: len:u16, index:u16*] sparse-sigs(n)
 * 13   VirtualChannelSettlementProposal update params state sparse-sigs(n)
 * 14   ChannelUpdateAcc         [channelId:32][version:u64][sig]
 * 15   ChannelUpdateRej         [channelId:32][version:u64][reason:string]
 * 16   ChannelSync              [phase:u8] transaction
 *
 * base          [proposalId:32][challengeDuration:u64][nonceShare:32][hasApp:bool]([len:u16][appId])?
 *               [initData: value] initBals:allocation fundingAgreement:balances [aux:256]
 * update        state [actorIndex:u16][sig]
 * sparse-sigs(n)  [mask: ceil(n/8) bytes, bit i LSB-first][sig]* for each set bit; n = params' participants
 * </pre>
 *
 * <p>Decoding is safe on hostile input: every length and count is bounded by the limits and by the bytes left
 * before anything is allocated, and truncated input, trailing bytes, unknown type ids and values that break
 * their type's rules all give a {@link MalformedMessageException}; no partially built message escapes.
 * Besides the records' own rules the decoder checks the cross-field rules of the messages: the actor index of an
 * update is below its state's number of participants, a funding agreement has the shape of the initial
 * balances, strings are valid UTF-8.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class PerunIoCodec {
  /** The longest signature any backend may declare. */
  public static final int MAX_SIGNATURE_SIZE = 0xFFFF;

  private final int signatureSize;

  /**
   * A codec for a backend whose signatures are {@code signatureSize} bytes.
   *
   * @throws InvalidValueException unless {@code 1 <= signatureSize <= 65535}
   */
  public PerunIoCodec(int signatureSize) {
    InvalidValueException.check(signatureSize > 0 && signatureSize <= MAX_SIGNATURE_SIZE, "signature size must be 1..%d bytes, got %d", MAX_SIGNATURE_SIZE, signatureSize);
    this.signatureSize = signatureSize;
  }

  /** The size in bytes of every channel signature on the wire. */
  public int signatureSize() {
    return signatureSize;
  }

  // ---- public entry points ----

  /**
   * The encoding of {@code envelope}.
   *
   * @throws InvalidValueException if a channel signature in the message is not {@link #signatureSize()} bytes
   */
  public byte[] encode(Envelope envelope) {
    PerunIoWriter w = new PerunIoWriter();
    writeEnvelope(w, envelope);
    return w.toByteArray();
  }

  /**
   * Decodes exactly one envelope from {@code bytes}.
   *
   * @throws MalformedMessageException for anything but exactly one valid envelope
   */
  public Envelope decode(byte[] bytes) {
    PerunIoReader r = new PerunIoReader(bytes);
    Envelope e = readEnvelope(r);
    r.requireEnd("envelope");
    return e;
  }

  /**
   * The encoding of {@code message}: its type byte and body.
   *
   * @throws InvalidValueException if a channel signature in the message is not {@link #signatureSize()} bytes
   */
  public byte[] encodeMessage(Message message) {
    PerunIoWriter w = new PerunIoWriter();
    writeMessage(w, message);
    return w.toByteArray();
  }

  /**
   * Decodes exactly one message (type byte and body) from {@code bytes}.
   *
   * @throws MalformedMessageException for anything but exactly one valid message
   */
  public Message decodeMessage(byte[] bytes) {
    PerunIoReader r = new PerunIoReader(bytes);
    Message m = readMessage(r);
    r.requireEnd("message " + m.type());
    return m;
  }

  /** Writes the envelope: sender, recipient, type byte, body. */
  public void writeEnvelope(PerunIoWriter w, Envelope envelope) {
    checkSignatureSizes(envelope.message());
    PerunIo.writeWireAddress(w, envelope.sender());
    PerunIo.writeWireAddress(w, envelope.recipient());
    writeMessage(w, envelope.message());
  }

  /** Reads one envelope, leaving any bytes after it unread. */
  public Envelope readEnvelope(PerunIoReader r) {
    WireAddress sender = PerunIo.readWireAddress(r);
    WireAddress recipient = PerunIo.readWireAddress(r);
    Message message = readMessage(r);
    return PerunIo.valid(() -> new Envelope(sender, recipient, message));
  }

  /** Writes the type byte and the body of {@code message}. */
  public void writeMessage(PerunIoWriter w, Message message) {
    checkSignatureSizes(message);
    w.u8(message.type().id());
    switch (message) {
      case Ping m -> w.u64(m.timeNanos());
      case Pong m -> w.u64(m.timeNanos());
      case Shutdown m -> w.string(m.reason());
      case AuthResponse m -> w.u32BigEndian(m.signature().length()).raw(m.signature());
      case LedgerChannelProposal m -> {
        writeBase(w, m.base());
        PerunIo.writeAddress(w, m.participant());
        PerunIo.writeWireAddresses(w, m.peers());
      }
      case LedgerChannelProposalAcc m -> {
        w.raw(m.proposalId().bytes()).raw(m.nonceShare().bytes());
        PerunIo.writeAddress(w, m.participant());
      }
      case SubChannelProposal m -> {
        writeBase(w, m.base());
        w.raw(m.parent().bytes());
      }
      case SubChannelProposalAcc m -> w.raw(m.proposalId().bytes()).raw(m.nonceShare().bytes());
      case VirtualChannelProposal m -> {
        writeBase(w, m.base());
        PerunIo.writeAddress(w, m.proposer());
        PerunIo.writeWireAddresses(w, m.peers());
        w.u16(m.parents().size());
        for (ChannelId parent : m.parents()) {
          w.raw(parent.bytes());
        }
        w.u16(m.indexMaps().size());
        for (List<Integer> map : m.indexMaps()) {
          writeIndexMap(w, map);
        }
      }
      case VirtualChannelProposalAcc m -> {
        w.raw(m.proposalId().bytes()).raw(m.nonceShare().bytes());
        PerunIo.writeAddress(w, m.responder());
      }
      case ChannelProposalRej m -> w.raw(m.proposalId().bytes()).string(m.reason());
      case ChannelUpdate m -> writeUpdate(w, m);
      case VirtualChannelFundingProposal m -> {
        writeUpdate(w, m.update());
        PerunIo.writeParams(w, m.params());
        PerunIo.writeState(w, m.initialState());
        writeIndexMap(w, m.indexMap());
        PerunIo.writeSparseSignatures(w, m.signatures());
      }
      case VirtualChannelSettlementProposal m -> {
        writeUpdate(w, m.update());
        PerunIo.writeParams(w, m.params());
        PerunIo.writeState(w, m.finalState());
        PerunIo.writeSparseSignatures(w, m.signatures());
      }
      case ChannelUpdateAcc m -> {
        w.raw(m.channelId().bytes()).u64(m.version());
        writeSignature(w, m.signature());
      }
      case ChannelUpdateRej m -> w.raw(m.channelId().bytes()).u64(m.version()).string(m.reason());
      case ChannelSync m -> {
        w.u8(m.phase().code());
        PerunIo.writeTransaction(w, m.transaction());
      }
    }
  }

  /** Reads a type byte and the body of that message type, leaving any bytes after it unread. */
  public Message readMessage(PerunIoReader r) {
    int typeId = r.u8("message type");
    if (!MessageType.isKnown(typeId)) {
      throw new MalformedMessageException("unknown message type " + typeId + " (known: 0.." + (MessageType.values().length - 1) + ")");
    }
    MessageType type = MessageType.ofId(typeId);
    return switch (type) {
      case PING -> new Ping(r.i64("ping time"));
      case PONG -> new Pong(r.i64("pong time"));
      case SHUTDOWN -> {
        String reason = r.string("shutdown reason");
        yield PerunIo.valid(() -> new Shutdown(reason));
      }
      case AUTH_RESPONSE -> {
        int len = r.u32BigEndian("auth response signature length");
        if (len <= 0 || len > AuthResponse.MAX_SIGNATURE_LENGTH) {
          throw new MalformedMessageException("auth response signature length " + Integer.toUnsignedString(len) + " outside 1.." + AuthResponse.MAX_SIGNATURE_LENGTH);
        }
        Bytes sig = r.raw(len, "auth response signature");
        yield PerunIo.valid(() -> new AuthResponse(sig));
      }
      case LEDGER_CHANNEL_PROPOSAL -> {
        BaseProposal base = readBase(r);
        Address participant = PerunIo.readAddress(r);
        List<WireAddress> peers = PerunIo.readWireAddresses(r, 2, Limits.MAX_PARTICIPANTS);
        yield PerunIo.valid(() -> new LedgerChannelProposal(base, participant, peers));
      }
      case LEDGER_CHANNEL_PROPOSAL_ACC -> {
        ProposalId id = readProposalId(r);
        NonceShare share = readNonceShare(r);
        Address participant = PerunIo.readAddress(r);
        yield PerunIo.valid(() -> new LedgerChannelProposalAcc(id, share, participant));
      }
      case SUB_CHANNEL_PROPOSAL -> {
        BaseProposal base = readBase(r);
        ChannelId parent = PerunIo.readChannelId(r);
        yield PerunIo.valid(() -> new SubChannelProposal(base, parent));
      }
      case SUB_CHANNEL_PROPOSAL_ACC -> {
        ProposalId id = readProposalId(r);
        NonceShare share = readNonceShare(r);
        yield PerunIo.valid(() -> new SubChannelProposalAcc(id, share));
      }
      case VIRTUAL_CHANNEL_PROPOSAL -> readVirtualChannelProposal(r);
      case VIRTUAL_CHANNEL_PROPOSAL_ACC -> {
        ProposalId id = readProposalId(r);
        NonceShare share = readNonceShare(r);
        Address responder = PerunIo.readAddress(r);
        yield PerunIo.valid(() -> new VirtualChannelProposalAcc(id, share, responder));
      }
      case CHANNEL_PROPOSAL_REJ -> {
        ProposalId id = readProposalId(r);
        String reason = r.string("rejection reason");
        yield PerunIo.valid(() -> new ChannelProposalRej(id, reason));
      }
      case CHANNEL_UPDATE -> readUpdate(r);
      case VIRTUAL_CHANNEL_FUNDING_PROPOSAL -> {
        ChannelUpdate update = readUpdate(r);
        Params params = PerunIo.readParams(r);
        State initial = PerunIo.readState(r);
        List<Integer> indexMap = readIndexMap(r);
        List<Optional<Signature>> sigs = PerunIo.readSparseSignatures(r, params.numParticipants(), signatureSize);
        yield PerunIo.valid(() -> new VirtualChannelFundingProposal(update, params, initial, sigs, indexMap));
      }
      case VIRTUAL_CHANNEL_SETTLEMENT_PROPOSAL -> {
        ChannelUpdate update = readUpdate(r);
        Params params = PerunIo.readParams(r);
        State fin = PerunIo.readState(r);
        List<Optional<Signature>> sigs = PerunIo.readSparseSignatures(r, params.numParticipants(), signatureSize);
        yield PerunIo.valid(() -> new VirtualChannelSettlementProposal(update, params, fin, sigs));
      }
      case CHANNEL_UPDATE_ACC -> {
        ChannelId id = PerunIo.readChannelId(r);
        long version = r.u64("version");
        Signature sig = readSignature(r);
        yield PerunIo.valid(() -> new ChannelUpdateAcc(id, version, sig));
      }
      case CHANNEL_UPDATE_REJ -> {
        ChannelId id = PerunIo.readChannelId(r);
        long version = r.u64("version");
        String reason = r.string("rejection reason");
        yield PerunIo.valid(() -> new ChannelUpdateRej(id, version, reason));
      }
      case CHANNEL_SYNC -> {
        int code = r.u8("phase");
        Phase phase = PerunIo.valid(() -> Phase.ofCode(code));
        Transaction tx = PerunIo.readTransaction(r, signatureSize);
        yield PerunIo.valid(() -> new ChannelSync(phase, tx));
      }
    };
  }

  // ---- parts shared by several messages ----

  private static void writeBase(PerunIoWriter w, BaseProposal b) {
    w.raw(b.proposalId().bytes()).u64(b.challengeDuration()).raw(b.nonceShare().bytes());
    PerunIo.writeOptionalApp(w, b.app());
    w.value(b.initData());
    PerunIo.writeAllocation(w, b.initBals());
    PerunIo.writeBalances(w, b.fundingAgreement());
    w.raw(b.aux());
  }

  private static BaseProposal readBase(PerunIoReader r) {
    ProposalId id = readProposalId(r);
    long duration = r.u64("challenge duration");
    NonceShare share = readNonceShare(r);
    Optional<AppId> app = PerunIo.readOptionalApp(r);
    Bytes initData = r.value("initial app data");
    Allocation initBals = PerunIo.readAllocation(r);
    Balances agreement = PerunIo.readBalances(r);
    Balances bals = initBals.balances();
    if (agreement.numAssets() != bals.numAssets() || agreement.numParticipants() != bals.numParticipants()) {
      throw new MalformedMessageException("funding agreement is " + agreement.numAssets() + "x" + agreement.numParticipants()
          + " but the initial balances are " + bals.numAssets() + "x" + bals.numParticipants() + " (assets x participants)");
    }
    Bytes aux = r.raw(Limits.AUX_LENGTH, "aux");
    return PerunIo.valid(() -> new BaseProposal(id, duration, share, app, initData, initBals, agreement, aux));
  }

  private static void writeUpdate(PerunIoWriter w, ChannelUpdate u) {
    PerunIo.writeState(w, u.state());
    w.u16(u.actorIndex());
    writeSignature(w, u.signature());
  }

  private ChannelUpdate readUpdate(PerunIoReader r) {
    State state = PerunIo.readState(r);
    int actor = r.u16("actor index");
    int parts = state.allocation().numParticipants();
    if (actor >= parts) {
      throw new MalformedMessageException("actor index " + actor + " out of range for " + parts + " participants");
    }
    Signature sig = readSignature(r);
    return PerunIo.valid(() -> new ChannelUpdate(state, actor, sig));
  }

  private VirtualChannelProposal readVirtualChannelProposal(PerunIoReader r) {
    BaseProposal base = readBase(r);
    Address proposer = PerunIo.readAddress(r);
    List<WireAddress> peers = PerunIo.readWireAddresses(r, 2, Limits.MAX_PARTICIPANTS);
    int numParents = r.count(r.u16("parent count"), 0, Limits.MAX_PARTICIPANTS, ChannelId.LENGTH, "parent");
    List<ChannelId> parents = new ArrayList<>(numParents);
    for (int i = 0; i < numParents; i++) {
      parents.add(PerunIo.readChannelId(r));
    }
    int numMaps = r.count(r.u16("index map count"), 0, Limits.MAX_PARTICIPANTS, 2, "index map");
    List<List<Integer>> maps = new ArrayList<>(numMaps);
    for (int i = 0; i < numMaps; i++) {
      maps.add(readIndexMap(r));
    }
    return PerunIo.valid(() -> new VirtualChannelProposal(base, proposer, peers, parents, maps));
  }

  private static void writeIndexMap(PerunIoWriter w, List<Integer> map) {
    w.u16(map.size());
    for (int index : map) {
      w.u16(index);
    }
  }

  private static List<Integer> readIndexMap(PerunIoReader r) {
    int n = r.count(r.u16("index map length"), 0, Limits.MAX_PARTICIPANTS, 2, "index map entry");
    List<Integer> map = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int index = r.u16("index map entry");
      if (index >= Limits.MAX_PARTICIPANTS) {
        throw new MalformedMessageException("index map entry " + i + " out of range 0.." + (Limits.MAX_PARTICIPANTS - 1) + ": " + index);
      }
      map.add(index);
    }
    return map;
  }

  private static ProposalId readProposalId(PerunIoReader r) {
    return new ProposalId(r.raw(ProposalId.LENGTH, "proposal ID"));
  }

  private static NonceShare readNonceShare(PerunIoReader r) {
    return new NonceShare(r.raw(NonceShare.LENGTH, "nonce share"));
  }

  private static void writeSignature(PerunIoWriter w, Signature sig) {
    w.raw(sig.bytes());
  }

  private Signature readSignature(PerunIoReader r) {
    return new Signature(r.raw(signatureSize, "signature"));
  }

  /** Checks, before anything is written, that every channel signature in {@code message} has this codec's size. */
  private void checkSignatureSizes(Message message) {
    switch (message) {
      case ChannelUpdate m -> checkSignature(m.signature());
      case ChannelUpdateAcc m -> checkSignature(m.signature());
      case VirtualChannelFundingProposal m -> {
        checkSignature(m.update().signature());
        checkSignatures(m.signatures());
      }
      case VirtualChannelSettlementProposal m -> {
        checkSignature(m.update().signature());
        checkSignatures(m.signatures());
      }
      case ChannelSync m -> checkSignatures(m.transaction().signatures());
      default -> {
        // no channel signature in the other messages (AuthResponse carries a wire signature of any size)
      }
    }
  }

  private void checkSignatures(List<Optional<Signature>> sigs) {
    for (Optional<Signature> sig : sigs) {
      sig.ifPresent(this::checkSignature);
    }
  }

  private void checkSignature(Signature sig) {
    InvalidValueException.check(sig.bytes().length() == signatureSize, "signature is %d bytes, this backend's signatures are %d: %s", sig.bytes().length(), signatureSize, sig);
  }
}
