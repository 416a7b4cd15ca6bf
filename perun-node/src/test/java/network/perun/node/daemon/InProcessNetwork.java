// SPDX-License-Identifier: Apache-2.0
package network.perun.node.daemon;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import network.perun.api.WireAddress;
import network.perun.api.message.Envelope;
import network.perun.api.spi.Transport;
import network.perun.backend.sim.SimBackend;
import network.perun.backend.sim.chain.SimChain;
import network.perun.backend.sim.chain.SimClock;
import network.perun.node.api.ApiServer;
import network.perun.node.chain.ChainConnection;
import network.perun.node.chain.EmbeddedSimChain;
import network.perun.node.config.ConfigLoader;
import network.perun.node.config.DataDirInit;
import network.perun.node.config.HostPort;
import network.perun.node.config.NodeConfig;
import network.perun.node.config.OwnerOnlyFiles;
import network.perun.node.config.ConfigKey;
import network.perun.node.config.DataDirInit.Result;
import network.perun.wire.codec.PerunIoCodec;
import network.perun.wire.memory.InMemoryTransport;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Optional;

/**
 * Several nodes in one JVM: one in-memory transport and one simulated chain (its clock frozen: tests advance it)
 * shared by all, each node with its own data directory and API server on a free loopback port.
 */
public final class InProcessNetwork implements NodeConnector, AutoCloseable {
  private final SimBackend backend = new SimBackend();
  private final InMemoryTransport bus;
  private final SimChain chain = new SimChain(backend.channelBackend(), new SimClock());
  private final java.util.function.BiFunction<NodeConfig, NodeIdentity, ChainConnection> chains;

  /** Nodes on one shared embedded chain. */
  public InProcessNetwork() {
    this.bus = new InMemoryTransport(new PerunIoCodec(backend.walletBackend().signatureSize()));
    this.chains = (config, identity) -> new EmbeddedSimChain(chain, config.fundingTimeout(), Duration.ZERO);
  }

  /** Nodes on the simulated backend whose chain connection {@code chains} makes (such as a client of a chain service). */
  public InProcessNetwork(java.util.function.Function<NodeConfig, ChainConnection> chains) {
    this.bus = new InMemoryTransport(new PerunIoCodec(backend.walletBackend().signatureSize()));
    this.chains = (config, identity) -> chains.apply(config);
  }

  /** Nodes whose signatures are {@code signatureSize} bytes and whose chain connection {@code chains} makes. */
  public InProcessNetwork(int signatureSize, java.util.function.BiFunction<NodeConfig, NodeIdentity, ChainConnection> chains) {
    this.bus = new InMemoryTransport(new PerunIoCodec(signatureSize));
    this.chains = chains;
  }

  public SimChain chain() {
    return chain;
  }

  /** A running node with its API. */
  public record Running(Node node, ApiServer api, String token, NodeConfig config) implements AutoCloseable {
    public String url() {
      return api.url();
    }

    @Override
    public void close() {
      node.close();
      api.close();
    }
  }

  /**
   * Initialises {@code dir} (if it has no configuration yet) with {@code settings} and starts a node on it.
   */
  public Running start(Path dir, Map<String, String> settings) throws InterruptedException {
    Map<String, String> values = new LinkedHashMap<>(settings);
    values.putIfAbsent(ConfigKey.API_LISTEN.key(), "127.0.0.1:0");
    values.putIfAbsent(ConfigKey.SHUTDOWN_GRACE.key(), "2");
    Path config = dir.resolve(DataDirInit.CONFIG_FILE);
    if (!config.toFile().exists()) {
      Result r = DataDirInit.init(dir, values, new SecureRandom(), DataDirInit.LIGHT_SCRYPT_N);
      config = r.configFile();
    }
    NodeConfig cfg = ConfigLoader.load(Optional.of(config), Map.of(), Map.of());
    String token = OwnerOnlyFiles.read(cfg.apiTokenFile(), "API token file");
    Node node = Node.start(cfg, this);
    return new Running(node, ApiServer.start(node, cfg.apiListen(), token), token, cfg);
  }

  @Override
  public NodeTransport transport(NodeConfig config, NodeIdentity identity) {
    return new NodeTransport(new SharedBus(bus), new PeerDirectory() {
      @Override
      public void addPeer(WireAddress peer, HostPort where) {
        // the in-memory bus needs no network addresses
      }

      @Override
      public boolean isConnected(WireAddress peer) {
        return true;
      }
    });
  }

  @Override
  public ChainConnection chain(NodeConfig config, NodeIdentity identity) {
    return chains.apply(config, identity);
  }

  @Override
  public void close() {
    bus.close();
  }

  /** The shared bus as one node's transport: closing it leaves the bus to the other nodes. */
  private record SharedBus(Transport bus) implements Transport {
    @Override
    public void send(Envelope envelope) {
      bus.send(envelope);
    }

    @Override
    public AutoCloseable subscribe(WireAddress self, Consumer<Envelope> receiver) {
      return bus.subscribe(self, receiver);
    }

    @Override
    public void close() {
      // the network closes the bus
    }
  }
}
