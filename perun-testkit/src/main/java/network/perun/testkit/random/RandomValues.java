// SPDX-License-Identifier: Apache-2.0
package network.perun.testkit.random;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import network.perun.api.Address;
import network.perun.api.Allocation;
import network.perun.api.AppId;
import network.perun.api.Asset;
import network.perun.api.Balances;
import network.perun.api.Bytes;
import network.perun.api.ChannelId;
import network.perun.api.Limits;
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

/**
 * A seeded generator of valid random domain values and wire messages, for round-trip, fuzz and property
 * tests.
 *
 * <p>The same seed gives the same sequence of values, so a failing test can print {@link #seed()} and be
 * replayed. Every value passes its type's validation. Sizes stay small by default (2..4 participants, 1..3
 * assets, 0..2 locked sub-allocations) so tests stay fast; the explicit-size methods take any valid size.
 */
public final class RandomValues {
  private static final BigInteger TWO_POW_64 = BigInteger.ONE.shiftLeft(64);
  private static final String NON_ASCII = "äöüßéñ€漢字😀🚀ЖΩ";

  private final long seed;
  private final SplittableRandom random;

  /** A generator whose whole output is determined by {@code seed}. */
  public RandomValues(long seed) {
    this.seed = seed;
    this.random = new SplittableRandom(seed);
  }

  /** The seed this generator was made with; print it when a test fails. */
  public long seed() {
    return seed;
  }

  /** The seeded generator behind every value. */
  public RandomGenerator random() {
    return random;
  }

  // ---- small helpers ----

  /** A uniformly random int in {@code [min, max]}. */
  public int between(int min, int max) {
    return random.nextInt(min, max + 1);
  }

  /** True with probability {@code p}. */
  public boolean chance(double p) {
    return random.nextDouble() < p;
  }

  /** A small default number of participants: 2..4. */
  public int parts() {
    return between(2, 4);
  }

  /** A small default number of assets: 1..3. */
  public int assets() {
    return between(1, 3);
  }

  /** A small default number of locked sub-allocations: 0..2. */
  public int locked() {
    return between(0, 2);
  }

  /** A backend ID: mostly 0 (sim), sometimes 1 (Ethereum) or another small ID. */
  public int backendId() {
    double p = random.nextDouble();
    return p < 0.6 ? 0 : p < 0.9 ? 1 : between(2, 6);
  }

  // ---- values ----

  /** A uniformly random non-negative integer below {@code 2^bits}. */
  public BigInteger unsignedBits(int bits) {
    return new BigInteger(1, bytes((bits + 7) / 8).toArray()).shiftRight((8 - bits % 8) % 8);
  }

  /** {@code n} random bytes. */
  public Bytes bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return Bytes.wrap(b);
  }

  public ChannelId channelId() {
    return new ChannelId(bytes(ChannelId.LENGTH));
  }

  /** An on-chain address of 32 random bytes. */
  public Address address(int backendId) {
    return new Address(backendId, bytes(32));
  }

  /** A wire address of 32 random bytes. */
  public WireAddress wireAddress(int backendId) {
    return new WireAddress(backendId, bytes(32));
  }

  /** An asset of 8 random bytes. */
  public Asset asset(int backendId) {
    return new Asset(backendId, bytes(8));
  }

  /** An app ID of 20 random bytes (the size of an Ethereum contract address). */
  public AppId appId() {
    return new AppId(bytes(20));
  }

  /** An app ID or none, half the time each. */
  public Optional<AppId> optionalApp() {
    return chance(0.5) ? Optional.of(appId()) : Optional.empty();
  }

  /**
   * A valid balance: mostly a random value in {@code 0 .. 2^64-1}, sometimes exactly 0, sometimes large (up to
   * 256 bits).
   */
  public BigInteger amount() {
    double p = random.nextDouble();
    if (p < 0.1) {
      return BigInteger.ZERO;
    }
    if (p < 0.2) {
      return unsignedBits(between(65, 256));
    }
    if (p < 0.3) {
      return BigInteger.valueOf(between(1, 1000));
    }
    return BigInteger.valueOf(random.nextLong()).mod(TWO_POW_64);
  }

  /** Balances of {@code assets} x {@code parts} random amounts. */
  public Balances balances(int assets, int parts) {
    List<List<BigInteger>> rows = new ArrayList<>(assets);
    for (int a = 0; a < assets; a++) {
      List<BigInteger> row = new ArrayList<>(parts);
      for (int p = 0; p < parts; p++) {
        row.add(amount());
      }
      rows.add(row);
    }
    return Balances.of(rows);
  }

  /** A sub-allocation with one random total per asset and an index map of 0 or {@code parts} entries. */
  public SubAlloc subAlloc(int assets, int parts) {
    List<BigInteger> bals = new ArrayList<>(assets);
    for (int a = 0; a < assets; a++) {
      bals.add(amount());
    }
    List<Integer> indexMap = chance(0.5) ? List.of() : indexMap(parts, parts);
    return new SubAlloc(channelId(), bals, indexMap);
  }

  /** {@code size} random participant indices below {@code parts}. */
  public List<Integer> indexMap(int size, int parts) {
    List<Integer> map = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      map.add(random.nextInt(parts));
    }
    return map;
  }

  /** A valid allocation with {@code locked} sub-allocations of distinct IDs. */
  public Allocation allocation(int assets, int parts, int locked) {
    int backend = backendId();
    List<Asset> assetList = new ArrayList<>(assets);
    for (int a = 0; a < assets; a++) {
      assetList.add(asset(backend));
    }
    List<SubAlloc> subs = new ArrayList<>(locked);
    for (int i = 0; i < locked; i++) {
      subs.add(subAlloc(assets, parts));
    }
    return new Allocation(assetList, balances(assets, parts), subs);
  }

  /** {@code n} distinct random on-chain addresses of one backend. */
  public List<Address> distinctAddresses(int n, int backendId) {
    Set<Address> seen = new HashSet<>();
    List<Address> out = new ArrayList<>(n);
    while (out.size() < n) {
      Address a = address(backendId);
      if (seen.add(a)) {
        out.add(a);
      }
    }
    return out;
  }

  /** {@code n} random wire addresses of one backend. */
  public List<WireAddress> wireAddresses(int n, int backendId) {
    List<WireAddress> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(wireAddress(backendId));
    }
    return out;
  }

  /** A challenge duration in seconds: 1 .. about a year, sometimes huge. */
  public long challengeDuration() {
    return chance(0.1) ? random.nextLong(1, Long.MAX_VALUE) : random.nextLong(1, 366L * 24 * 3600);
  }

  /** 256 aux bytes: zero half the time, random otherwise. */
  public Bytes aux() {
    return chance(0.5) ? Params.ZERO_AUX : bytes(Limits.AUX_LENGTH);
  }

  /** Params of a ledger channel with {@code parts} distinct participants and random duration, nonce, app and aux. */
  public Params params(int parts) {
    return new Params(challengeDuration(), distinctAddresses(parts, backendId()), optionalApp(), unsignedBits(between(0, 256)), true, false, aux());
  }

  /** Params of a virtual channel (ledger false, virtual true). */
  public Params virtualParams(int parts) {
    return new Params(challengeDuration(), distinctAddresses(parts, backendId()), optionalApp(), unsignedBits(between(0, 256)), false, true, aux());
  }

  /**
   * A state of channel {@code id} with a random version, allocation (with up to two locked entries), app and
   * final flag; without an app the data is empty, with one it is 0..16 random bytes.
   */
  public State state(ChannelId id, int assets, int parts) {
    long version = chance(0.2) ? 0 : chance(0.1) ? random.nextLong(0, Long.MAX_VALUE) : random.nextLong(0, 1L << 32);
    Optional<AppId> app = optionalApp();
    Bytes data = app.isPresent() ? bytes(between(0, 16)) : Bytes.EMPTY;
    return new State(id, version, allocation(assets, parts, locked()), app, data, chance(0.3));
  }

  /** A signature of {@code size} random bytes. */
  public Signature signature(int size) {
    return new Signature(bytes(size));
  }

  /** {@code n} signature slots, a random subset of them filled. */
  public List<Optional<Signature>> sparseSignatures(int n, int signatureSize) {
    List<Optional<Signature>> sigs = new ArrayList<>(n);
    double fill = random.nextDouble();
    for (int i = 0; i < n; i++) {
      sigs.add(random.nextDouble() < fill ? Optional.of(signature(signatureSize)) : Optional.empty());
    }
    return sigs;
  }

  /** A transaction of {@code state} with a random subset of its slots signed with random bytes. */
  public Transaction transaction(State state, int signatureSize) {
    return new Transaction(state, sparseSignatures(state.allocation().numParticipants(), signatureSize));
  }

  /** A string of 0..20 code points, ASCII and non-ASCII (including characters outside the BMP). */
  public String string() {
    int n = between(0, 20);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      if (chance(0.7)) {
        sb.append((char) between(0x20, 0x7E));
      } else {
        int k = random.nextInt(NON_ASCII.codePointCount(0, NON_ASCII.length()));
        sb.appendCodePoint(NON_ASCII.codePointAt(NON_ASCII.offsetByCodePoints(0, k)));
      }
    }
    return sb.toString();
  }

  public ProposalId proposalId() {
    return new ProposalId(bytes(ProposalId.LENGTH));
  }

  public NonceShare nonceShare() {
    return new NonceShare(bytes(NonceShare.LENGTH));
  }

  /** A base proposal with {@code parts} participants, no locked funds and a funding agreement of the same shape. */
  public BaseProposal baseProposal(int parts) {
    int assets = assets();
    Optional<AppId> app = optionalApp();
    Bytes data = app.isPresent() ? bytes(between(0, 16)) : Bytes.EMPTY;
    Allocation initBals = allocation(assets, parts, 0);
    Balances agreement = chance(0.5) ? initBals.balances() : balances(assets, parts);
    return new BaseProposal(proposalId(), challengeDuration(), nonceShare(), app, data, initBals, agreement, aux());
  }

  /** A channel update with a random state, an actor below the number of participants and a signature. */
  public ChannelUpdate channelUpdate(int parts, int signatureSize) {
    State state = state(channelId(), assets(), parts);
    return new ChannelUpdate(state, random.nextInt(parts), signature(signatureSize));
  }

  /** A random valid message of {@code type}; signatures are {@code signatureSize} random bytes. */
  public Message message(MessageType type, int signatureSize) {
    return switch (type) {
      case PING -> new Ping(random.nextLong());
      case PONG -> new Pong(random.nextLong());
      case SHUTDOWN -> new Shutdown(string());
      case AUTH_RESPONSE -> new AuthResponse(bytes(signatureSize));
      case LEDGER_CHANNEL_PROPOSAL -> {
        int parts = parts();
        int backend = backendId();
        yield new LedgerChannelProposal(baseProposal(parts), address(backend), wireAddresses(parts, backend));
      }
      case LEDGER_CHANNEL_PROPOSAL_ACC -> new LedgerChannelProposalAcc(proposalId(), nonceShare(), address(backendId()));
      case SUB_CHANNEL_PROPOSAL -> new SubChannelProposal(baseProposal(parts()), channelId());
      case SUB_CHANNEL_PROPOSAL_ACC -> new SubChannelProposalAcc(proposalId(), nonceShare());
      case VIRTUAL_CHANNEL_PROPOSAL -> {
        int parts = parts();
        int backend = backendId();
        List<ChannelId> parents = new ArrayList<>(parts);
        List<List<Integer>> indexMaps = new ArrayList<>(parts);
        for (int i = 0; i < parts; i++) {
          parents.add(channelId());
          indexMaps.add(indexMap(parts, parts));
        }
        yield new VirtualChannelProposal(baseProposal(parts), address(backend), wireAddresses(parts, backend), parents, indexMaps);
      }
      case VIRTUAL_CHANNEL_PROPOSAL_ACC -> new VirtualChannelProposalAcc(proposalId(), nonceShare(), address(backendId()));
      case CHANNEL_PROPOSAL_REJ -> new ChannelProposalRej(proposalId(), string());
      case CHANNEL_UPDATE -> channelUpdate(parts(), signatureSize);
      case VIRTUAL_CHANNEL_FUNDING_PROPOSAL -> {
        int parentParts = parts();
        int parts = parts();
        Params params = virtualParams(parts);
        State initial = state(channelId(), assets(), parts);
        yield new VirtualChannelFundingProposal(
            channelUpdate(parentParts, signatureSize), params, initial, sparseSignatures(parts, signatureSize), indexMap(parts, parentParts));
      }
      case VIRTUAL_CHANNEL_SETTLEMENT_PROPOSAL -> {
        int parts = parts();
        Params params = virtualParams(parts);
        State fin = state(channelId(), assets(), parts);
        yield new VirtualChannelSettlementProposal(channelUpdate(parts(), signatureSize), params, fin, sparseSignatures(parts, signatureSize));
      }
      case CHANNEL_UPDATE_ACC -> new ChannelUpdateAcc(channelId(), random.nextLong(0, Long.MAX_VALUE), signature(signatureSize));
      case CHANNEL_UPDATE_REJ -> new ChannelUpdateRej(channelId(), random.nextLong(0, Long.MAX_VALUE), string());
      case CHANNEL_SYNC -> {
        Phase[] phases = Phase.values();
        State state = state(channelId(), assets(), parts());
        yield new ChannelSync(phases[random.nextInt(phases.length)], transaction(state, signatureSize));
      }
    };
  }

  /** A random valid message of a random type. */
  public Message message(int signatureSize) {
    MessageType[] types = MessageType.values();
    return message(types[random.nextInt(types.length)], signatureSize);
  }

  /** A random sender and recipient around a random message. */
  public Envelope envelope(int signatureSize) {
    return new Envelope(wireAddress(backendId()), wireAddress(backendId()), message(signatureSize));
  }
}
