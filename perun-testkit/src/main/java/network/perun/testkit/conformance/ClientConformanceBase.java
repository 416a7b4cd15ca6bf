// SPDX-License-Identifier: Apache-2.0
package network.perun.testkit.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import network.perun.api.Allocation;
import network.perun.api.AppId;
import network.perun.api.AppRegistry;
import network.perun.api.Asset;
import network.perun.api.Balances;
import network.perun.api.Bytes;
import network.perun.api.ChannelId;
import network.perun.api.Params;
import network.perun.api.PaymentApp;
import network.perun.api.Phase;
import network.perun.api.Signature;
import network.perun.api.State;
import network.perun.api.SubAlloc;
import network.perun.api.chain.FundingTimeoutException;
import network.perun.api.message.BaseProposal;
import network.perun.api.message.ChannelProposalRej;
import network.perun.api.message.ChannelUpdate;
import network.perun.api.message.ChannelUpdateRej;
import network.perun.api.message.Envelope;
import network.perun.api.message.LedgerChannelProposal;
import network.perun.api.message.NonceShare;
import network.perun.api.message.ProposalId;
import network.perun.api.spi.Account;
import network.perun.api.spi.Funder;
import network.perun.core.client.Channel;
import network.perun.core.client.ChannelFundingException;
import network.perun.core.client.ChannelProposal;
import network.perun.core.client.Client;
import network.perun.core.client.PeerRejectedException;
import network.perun.core.client.ProposalHandler;
import network.perun.core.client.UpdateConflictException;
import network.perun.core.client.UpdateHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The shared fixture of the client scenario suites: a fresh {@link ChainSetup} and {@link ClientHarness} per test,
 * a seed printed on failure, and helpers to open channels and pay.
 *
 * <p>Not a suite itself; see {@link PaymentChannelConformanceTest} and {@link DisputeConformanceTest}.
 */
public abstract class ClientConformanceBase {
  /** Seed base (go-perun's 1337); each test mixes in its name and prints the seed on failure. */
  public static final long SEED = 1337;
  protected static final Duration TIMEOUT = ClientHarness.TIMEOUT;
  protected static final BigInteger FUNDS = BigInteger.valueOf(100);
  protected static final BigInteger DEPOSIT = BigInteger.TEN;

  protected ChainSetup setup;
  protected ClientHarness harness;
  protected long seed;

  /** A fresh chain setup for one test. */
  protected abstract ChainSetup newSetup(long seed);

  @BeforeEach
  void startSetup(TestInfo info) {
    seed = SEED ^ info.getDisplayName().hashCode();
    setup = newSetup(seed);
    harness = new ClientHarness(setup, seed);
  }

  @AfterEach
  void stopSetup() {
    harness.close();
    setup.close();
  }

  protected String seedInfo() {
    return " (seed " + seed + ")";
  }

  // ---- helpers ----

  /** Two open channel ends, the proposer's first. */
  protected record Pair(Channel proposer, Channel responder) {}

  protected Allocation allocation(BigInteger a, BigInteger b) {
    return Allocation.of(List.of(setup.asset()), Balances.ofSingleAsset(a, b));
  }

  /** A proposal handler that accepts with {@code party}'s address and hands the channel to {@code sink}. */
  protected ProposalHandler acceptInto(Party party, CompletableFuture<Channel> sink) {
    return (proposal, responder) -> {
      try {
        sink.complete(responder.accept(party.address(), TIMEOUT));
      } catch (ChannelFundingException e) {
        sink.completeExceptionally(e);
      } catch (Exception e) {
        sink.completeExceptionally(e);
      }
    };
  }

  protected Pair open(Client proposer, Party proposerParty, Party responderParty, CompletableFuture<Channel> responderChannel) throws Exception {
    return open(proposer, proposerParty, responderParty, responderChannel, DEPOSIT);
  }

  protected Pair open(Client proposer, Party proposerParty, Party responderParty, CompletableFuture<Channel> responderChannel, BigInteger deposit)
      throws Exception {
    Channel mine = proposer.proposeChannel(ChannelProposal.ledger(responderParty.identity(), proposerParty.address(), allocation(deposit, deposit), 60), TIMEOUT);
    Channel theirs = responderChannel.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    return new Pair(mine, theirs);
  }

  protected static UnaryOperator<State> pay(int from, int to, long amount) {
    return s -> s.withBalances(s.balances().transfer(0, from, to, BigInteger.valueOf(amount)));
  }

  protected void assertSameState(Pair p, String when) {
    assertEquals(p.proposer().state(), p.responder().state(), "both ends must hold the same state " + when + seedInfo());
  }

}
