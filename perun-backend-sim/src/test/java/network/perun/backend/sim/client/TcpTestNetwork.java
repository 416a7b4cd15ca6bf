// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.sim.client;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import network.perun.api.Bytes;
import network.perun.api.InvalidValueException;
import network.perun.api.WireAddress;
import network.perun.api.message.Envelope;
import network.perun.api.spi.PeerUnreachableException;
import network.perun.api.spi.Transport;
import network.perun.wire.codec.PerunIoCodec;
import network.perun.wire.tcp.Ed25519WireIdentity;
import network.perun.wire.tcp.Ed25519WireVerifier;
import network.perun.wire.tcp.TcpTransport;

/**
 * Real TCP+TLS nodes on loopback behind one {@link Transport} facade, so the client scenarios run over the
 * network unchanged: every identity gets its own {@link TcpTransport}, and each knows every other's port.
 */
final class TcpTestNetwork implements Transport {
  private final Map<WireAddress, TcpTransport> nodes = new ConcurrentHashMap<>();
  private final PerunIoCodec codec;

  TcpTestNetwork(int signatureSize) {
    this.codec = new PerunIoCodec(signatureSize);
  }

  /** A new node with an identity derived from {@code seed}, listening on a free loopback port. */
  synchronized WireAddress newNode(Bytes seed) {
    Ed25519WireIdentity identity = Ed25519WireIdentity.fromSeed(seed);
    TcpTransport node = TcpTransport.builder(identity, new Ed25519WireVerifier(), codec).start();
    for (TcpTransport other : nodes.values()) {
      other.addPeer(node.address(), node.listenAddress());
      node.addPeer(other.address(), other.listenAddress());
    }
    nodes.put(node.address(), node);
    return node.address();
  }

  private TcpTransport node(WireAddress address) {
    TcpTransport node = nodes.get(address);
    InvalidValueException.check(node != null, "no TCP node for %s", address);
    return node;
  }

  @Override
  public void send(Envelope envelope) {
    TcpTransport node = nodes.get(envelope.sender());
    if (node == null) {
      throw new PeerUnreachableException(envelope.recipient(), "the sender " + envelope.sender() + " has no TCP node");
    }
    node.send(envelope);
  }

  @Override
  public AutoCloseable subscribe(WireAddress self, Consumer<Envelope> receiver) {
    return node(self).subscribe(self, receiver);
  }

  @Override
  public void close() {
    nodes.values().forEach(TcpTransport::close);
  }
}
