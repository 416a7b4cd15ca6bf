// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import network.perun.backend.eth.anvil.AnvilFixture;
import network.perun.backend.eth.contracts.Abi.Allocation;
import network.perun.backend.eth.contracts.Abi.Asset;
import network.perun.backend.eth.contracts.Abi.Params;
import network.perun.backend.eth.contracts.Abi.Participant;
import network.perun.backend.eth.contracts.Abi.SignedState;
import network.perun.backend.eth.contracts.Abi.State;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.web3j.abi.datatypes.Address;
import org.web3j.crypto.Sign;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * Shared setup of the contract tests: one Anvil chain per test class with the Adjudicator, an AssetHolderETH and
 * the TrivialApp deployed, a snapshot reverted after every test, and builders for two-party channels of dev
 * accounts A (#1) and B (#2) with challenge duration 60.
 */
abstract class ContractTestBase {
  static final int DEPLOYER = 0;
  static final int A = 1;
  static final int B = 2;
  static final int C = 3;
  static final long DURATION = 60;
  static final BigInteger CHAIN_ID = BigInteger.valueOf(AnvilFixture.CHAIN_ID);

  static final int DISPUTE = 0;
  static final int FORCEEXEC = 1;
  static final int CONCLUDED = 2;

  static AnvilFixture anvil;
  static Chain chain;
  static String adjudicator;
  static String ethHolder;
  static String trivialApp;

  private String snapshot;

  @BeforeAll
  static void startChain() {
    anvil = AnvilFixture.start();
    chain = new Chain(anvil);
    adjudicator = chain.deploy(DEPLOYER, Artifact.load("Adjudicator")).getContractAddress();
    ethHolder = chain.deploy(DEPLOYER, Artifact.load("AssetHolderETH"), new Address(adjudicator))
        .getContractAddress();
    trivialApp = chain.deploy(DEPLOYER, Artifact.load("TrivialApp")).getContractAddress();
  }

  @AfterAll
  static void stopChain() {
    if (anvil != null) {
      anvil.close();
      anvil = null;
    }
  }

  @BeforeEach
  void takeSnapshot() {
    snapshot = anvil.snapshot();
  }

  @AfterEach
  void revertSnapshot() {
    anvil.revert(snapshot);
  }

  // ---- channel builders ----

  static String addr(int dev) {
    return AnvilFixture.address(dev);
  }

  static Participant part(int dev) {
    return Participant.eth(addr(dev));
  }

  /** Two-party params of A and B: duration 60, the given nonce and app. */
  static Params params(long nonce, String app, boolean ledger) {
    return new Params(BigInteger.valueOf(DURATION), BigInteger.valueOf(nonce), List.of(part(A), part(B)), app,
        ledger, false);
  }

  static Params ledgerParams(long nonce) {
    return params(nonce, Abi.ZERO_ADDRESS, true);
  }

  static Params appParams(long nonce) {
    return params(nonce, trivialApp, true);
  }

  /** The ETH asset of this chain: chain id 31337, the AssetHolderETH, 32 zero bytes. */
  static Asset ethAsset() {
    return new Asset(CHAIN_ID, ethHolder, Abi.ZERO32);
  }

  /** One ETH asset, backends [1], one balance row, nothing locked. */
  static Allocation allocation(long... balances) {
    return new Allocation(List.of(ethAsset()), List.of(BigInteger.ONE), List.of(wei(balances)), List.of());
  }

  static List<BigInteger> wei(long... values) {
    return Arrays.stream(values).mapToObj(BigInteger::valueOf).toList();
  }

  /** A non-final state of the channel of {@code params} with empty app data. */
  static State state(Params params, long version, Allocation outcome) {
    return new State(params.channelId(), version, outcome, new byte[0], false);
  }

  static State state(Params params, long version, long... balances) {
    return state(params, version, allocation(balances));
  }

  /** The 65-byte r ‖ s ‖ v EIP-191 signature of dev account {@code dev} on a 32-byte hash. */
  static byte[] sign(byte[] hash, int dev) {
    Sign.SignatureData sig = Sign.signPrefixedMessage(hash, AnvilFixture.credentials(dev).getEcKeyPair());
    byte[] out = new byte[65];
    System.arraycopy(sig.getR(), 0, out, 0, 32);
    System.arraycopy(sig.getS(), 0, out, 32, 32);
    out[64] = sig.getV()[0];
    return out;
  }

  static byte[] sign(State state, int dev) {
    return sign(state.hash(), dev);
  }

  /** The state signed by every participant of {@code params}, each a dev account. */
  static SignedState signed(Params params, State state) {
    List<byte[]> sigs = new ArrayList<>();
    for (Participant p : params.participants()) {
      sigs.add(sign(state, devIndex(p.ethAddress())));
    }
    return new SignedState(params, state, sigs);
  }

  static List<byte[]> sigs(Params params, State state) {
    return signed(params, state).sigs();
  }

  static int devIndex(String address) {
    for (int i = 0; i < AnvilFixture.DEV_PRIVATE_KEYS.size(); i++) {
      if (addr(i).equalsIgnoreCase(address)) {
        return i;
      }
    }
    throw new IllegalArgumentException("not a dev account: " + address);
  }

  // ---- contract interaction ----

  static TransactionReceipt register(SignedState channel, SignedState... subChannels) {
    return chain.send(DEPLOYER, adjudicator, Calls.register(channel, List.of(subChannels)));
  }

  static String registerFails(SignedState channel, SignedState... subChannels) {
    return chain.revertReason(DEPLOYER, adjudicator, Calls.register(channel, List.of(subChannels)));
  }

  static TransactionReceipt register(Params params, State state) {
    return register(signed(params, state));
  }

  /** Deposits {@code amount} wei to the funding ID of participant {@code dev} in the ETH holder, sent by it. */
  static TransactionReceipt depositEth(byte[] channelId, int dev, BigInteger amount) {
    return chain.send(dev, ethHolder, Calls.deposit(Abi.fundingId(channelId, addr(dev)), amount), amount);
  }

  static Dispute dispute(byte[] channelId) {
    return Dispute.decode(chain.call(adjudicator, Calls.disputes(channelId)));
  }

  static BigInteger holdings(String holder, byte[] id) {
    return Chain.number(chain.call(holder, Calls.holdings(id)), 0);
  }

  static BigInteger holdingsOf(String holder, byte[] channelId, int dev) {
    return holdings(holder, Abi.fundingId(channelId, addr(dev)));
  }

  static boolean settled(String holder, byte[] channelId) {
    return Chain.number(chain.call(holder, Calls.settled(channelId)), 0).signum() != 0;
  }

  /** The ChannelUpdate events of a receipt, in log order. */
  static List<ChannelUpdate> channelUpdates(TransactionReceipt receipt) {
    return receipt.getLogs().stream()
        .filter(l -> l.getTopics().get(0).equals(Calls.CHANNEL_UPDATE))
        .map(ChannelUpdate::decode)
        .toList();
  }

  static void assertHex(byte[] expected, byte[] actual) {
    assertEquals(Numeric.toHexString(expected), Numeric.toHexString(actual));
  }

  /** The Adjudicator's dispute record of one channel, as its {@code disputes(bytes32)} getter returns it. */
  record Dispute(long timeout, long challengeDuration, long version, int phase, byte[] stateHash, boolean hasApp) {
    static Dispute decode(byte[] r) {
      return new Dispute(Chain.number(r, 0).longValueExact(), Chain.number(r, 1).longValueExact(),
          Chain.number(r, 2).longValueExact(), Chain.number(r, 3).intValueExact(), Chain.word(r, 4),
          Chain.number(r, 5).signum() != 0);
    }

    boolean registered() {
      return new BigInteger(1, stateHash).signum() != 0;
    }
  }

  /** One ChannelUpdate(bytes32 indexed channelID, uint64 version, uint8 phase, uint64 timeout) event. */
  record ChannelUpdate(String channelId, long version, int phase, long timeout) {
    static ChannelUpdate decode(Log log) {
      byte[] data = Numeric.hexStringToByteArray(log.getData());
      return new ChannelUpdate(log.getTopics().get(1), Chain.number(data, 0).longValueExact(),
          Chain.number(data, 1).intValueExact(), Chain.number(data, 2).longValueExact());
    }

    static ChannelUpdate of(byte[] channelId, long version, int phase, long timeout) {
      return new ChannelUpdate(Numeric.toHexString(channelId), version, phase, timeout);
    }
  }
}
