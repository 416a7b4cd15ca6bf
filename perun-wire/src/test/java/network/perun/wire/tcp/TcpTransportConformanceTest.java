// SPDX-License-Identifier: Apache-2.0
package network.perun.wire.tcp;

import java.util.ArrayList;
import java.util.List;
import network.perun.testkit.conformance.TransportConformanceTest;
import network.perun.testkit.random.RandomValues;
import network.perun.wire.codec.PerunIoCodec;

/** The bus rules for the TCP transport: one node per client on loopback, each knowing every other's port. */
class TcpTransportConformanceTest extends TransportConformanceTest {
  @Override
  protected List<Node> newNodes(int n, RandomValues random) {
    List<TcpTransport> transports = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Ed25519WireIdentity identity = Ed25519WireIdentity.fromSeed(random.bytes(Ed25519WireIdentity.KEY_LENGTH));
      transports.add(TcpTransport.builder(identity, new Ed25519WireVerifier(), new PerunIoCodec(64)).start());
    }
    for (TcpTransport a : transports) {
      for (TcpTransport b : transports) {
        if (a != b) {
          a.addPeer(b.address(), b.listenAddress());
        }
      }
    }
    return transports.stream().map(t -> new Node(t.address(), t)).toList();
  }
}
