// SPDX-License-Identifier: Apache-2.0
package network.perun.wire.memory;

import java.util.List;
import network.perun.testkit.conformance.TransportConformanceTest;
import network.perun.testkit.random.RandomValues;
import network.perun.wire.codec.PerunIoCodec;

/** The bus rules for the in-process transport: every client shares one instance. */
class InMemoryTransportConformanceTest extends TransportConformanceTest {
  @Override
  protected List<Node> newNodes(int n, RandomValues random) {
    InMemoryTransport bus = new InMemoryTransport(new PerunIoCodec(64));
    return random.wireAddresses(n, 0).stream().map(a -> new Node(a, bus)).toList();
  }
}
