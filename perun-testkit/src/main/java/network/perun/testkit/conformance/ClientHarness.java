// SPDX-License-Identifier: Apache-2.0
package network.perun.testkit.conformance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import network.perun.api.AppRegistry;
import network.perun.api.spi.Transport;
import java.util.function.Consumer;
import network.perun.core.client.Channel;
import network.perun.core.client.Client;
import network.perun.persistence.spi.ChannelStore;
import network.perun.core.client.ProposalHandler;
import network.perun.core.client.UpdateHandler;

/**
 * Builds clients for the scenarios on a {@link ChainSetup} and runs parties concurrently; closes everything it
 * built.
 */
public final class ClientHarness implements AutoCloseable {
  /** The timeout of every protocol request in the scenarios; generous, since nothing should ever wait it out. */
  public static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final ChainSetup setup;
  private final long seed;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final List<Client> clients = new ArrayList<>();
  private int built;

  public ClientHarness(ChainSetup setup, long seed) {
    this.setup = setup;
    this.seed = seed;
  }

  public ChainSetup setup() {
    return setup;
  }

  public long seed() {
    return seed;
  }

  /** A client for {@code party} on the setup's transport. */
  public Client client(Party party, ProposalHandler proposals, UpdateHandler updates) {
    return client(party, setup.transport(), proposals, updates, new AppRegistry());
  }

  /** A client for {@code party} with an explicit transport and app registry. */
  public synchronized Client client(Party party, Transport transport, ProposalHandler proposals, UpdateHandler updates, AppRegistry apps) {
    return client(party, transport, proposals, updates, apps, null, c -> {});
  }

  /** A client for {@code party} that persists in {@code store} (may be null for none). */
  public synchronized Client client(Party party, Transport transport, ProposalHandler proposals, UpdateHandler updates, AppRegistry apps,
      ChannelStore store, Consumer<Channel> onNewChannel) {
    Client.Builder b = Client.builder()
        .identity(party.identity())
        .transport(transport)
        .funder(party.funder())
        .adjudicator(party.adjudicator())
        .wallet(party.wallet())
        .channelBackend(setup.channelBackend())
        .apps(apps)
        .executor(executor)
        .random(new SplittableRandom(seed * 31 + built++))
        .ticker(System::nanoTime)
        .responseTimeout(TIMEOUT)
        .proposalHandler(proposals)
        .updateHandler(updates)
        .onNewChannel(onNewChannel);
    if (store != null) {
      b.store(store);
    }
    Client c = b.build();
    clients.add(c);
    return c;
  }

  /** Runs {@code task} on its own virtual thread. */
  public <T> Future<T> async(Callable<T> task) {
    return executor.submit(task);
  }

  /**
   * Waits for {@code future}, advancing chain time by {@code step} seconds whenever it is still running after a
   * short real-time poll: the way to let chain-time waits (funding timeouts, challenge periods) elapse without
   * sleeping on the chain clock. Fails after {@code maxSteps} advances.
   */
  public <T> T awaitAdvancing(Future<T> future, long step, int maxSteps) throws Exception {
    for (int i = 0; i <= maxSteps; i++) {
      try {
        return future.get(25, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        setup.advanceChainTime(step);
      }
    }
    return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void close() {
    clients.forEach(Client::close);
    executor.shutdownNow();
  }
}
