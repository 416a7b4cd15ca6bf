// SPDX-License-Identifier: Apache-2.0
package network.perun.node.daemon;

import network.perun.api.InvalidValueException;
import network.perun.api.PerunException;
import network.perun.api.WireAddress;
import network.perun.backend.eth.EthAccount;
import network.perun.backend.sim.SimBackend;
import network.perun.node.chain.ChainConnection;
import network.perun.node.chain.EmbeddedSimChain;
import network.perun.node.chain.EthChainConnection;
import network.perun.node.chain.RemoteChain;
import network.perun.node.chain.RemoteSimChain;
import network.perun.node.config.ConfigException;
import network.perun.node.config.HostPort;
import network.perun.node.config.NodeConfig;
import network.perun.wire.codec.PerunIoCodec;
import network.perun.wire.tcp.Ed25519WireVerifier;
import network.perun.wire.tcp.TcpTransport;

/**
 * The connections of a real node: the TCP transport (TLS, peers authenticated by their wire identity) listening on
 * {@code listen}, and the chain: on backend sim the simulated chain, shared through {@code chain-url} or private to
 * the node; on backend eth the Ethereum chain of {@code [eth]}.
 */
public final class ProductionConnector implements NodeConnector {
  @Override
  public NodeTransport transport(NodeConfig config, NodeIdentity identity) {
    if (!config.transport().equals("tcp")) {
      throw new ConfigException("transport must be \"tcp\", got \"" + config.transport() + "\"");
    }
    PerunIoCodec codec = new PerunIoCodec(ChainBackends.of(config.backend()).walletBackend().signatureSize());
    TcpTransport tcp;
    try {
      tcp = TcpTransport.builder(identity.wireIdentity(), new Ed25519WireVerifier(), codec).listen(config.listen().socketAddress()).start();
    } catch (PerunException e) {
      throw new ConfigException("cannot listen for peers on " + config.listen() + " (listen): " + e.getMessage(), e);
    }
    return new NodeTransport(tcp, new PeerDirectory() {
      @Override
      public void addPeer(WireAddress peer, HostPort where) {
        try {
          tcp.addPeer(peer, where.socketAddress());
        } catch (ConfigException | InvalidValueException e) {
          throw new NodeException(ErrorCode.INVALID_REQUEST, "cannot use " + where + " for " + peer + ": " + e.getMessage());
        }
      }

      @Override
      public boolean isConnected(WireAddress peer) {
        return tcp.isConnected(peer);
      }
    });
  }

  @Override
  public ChainConnection chain(NodeConfig config, NodeIdentity identity) {
    if (config.eth().isPresent()) {
      if (!(identity.account() instanceof EthAccount account)) {
        throw new ConfigException("backend eth needs an Ethereum account, the identity has " + identity.account().address());
      }
      return EthChainConnection.connect(config.eth().get(), account, config.fundingTimeout());
    }
    if (config.chainUrl().isEmpty()) {
      return EmbeddedSimChain.create(config.fundingTimeout(), config.simClockTick());
    }
    String url = config.chainUrl().get();
    RemoteChain remote = new RemoteChain(url, new SimBackend().walletBackend().signatureSize());
    try {
      remote.time();
    } catch (PerunException e) {
      remote.close();
      throw new ConfigException("chain-url " + url + " does not answer (is perun chain running?): " + e.getMessage(), e);
    } catch (InterruptedException e) {
      remote.close();
      Thread.currentThread().interrupt();
      throw new ConfigException("interrupted while reaching chain-url " + url);
    }
    return new RemoteSimChain(remote, config.fundingTimeout());
  }
}
