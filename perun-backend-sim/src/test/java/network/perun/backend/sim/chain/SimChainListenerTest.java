// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.sim.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import network.perun.api.ChannelId;
import network.perun.api.Params;
import network.perun.api.State;
import org.junit.jupiter.api.Test;

/** Listeners of the whole chain and of one channel. */
class SimChainListenerTest {
  private final ChainFixture f = new ChainFixture();

  @Test
  void aChannelListenerHearsOnlyItsChannelAndNothingAfterClosing() {
    Params a = f.params(true);
    Params b = f.params(true);
    ChannelId idA = f.id(a);
    List<DisputeEvent> ofA = new ArrayList<>();
    List<DisputeEvent> all = new ArrayList<>();
    ListenerHandle handleA = f.chain.addListener(idA, ofA::add);
    f.chain.addListener(all::add);

    State a3 = f.state(a, 3, 10, 20);
    f.register(a, a3);
    f.register(b, f.state(b, 5, 10, 20));
    assertEquals(List.of(idA), ofA.stream().map(DisputeEvent::channelId).toList());
    assertEquals(2, all.size());

    handleA.close();
    handleA.close(); // closing twice is harmless
    f.register(a, f.state(a, 4, 10, 20));
    assertEquals(1, ofA.size(), "no event after close");
    assertEquals(3, all.size());
  }

  @Test
  void twoListenersOfOneChannelBothHearIt() {
    Params a = f.params(true);
    List<Long> first = new ArrayList<>();
    List<Long> second = new ArrayList<>();
    ListenerHandle h1 = f.chain.addListener(f.id(a), e -> first.add(e.version()));
    f.chain.addListener(f.id(a), e -> second.add(e.version()));
    f.register(a, f.state(a, 3, 10, 20));
    h1.close();
    f.register(a, f.state(a, 4, 10, 20));
    assertEquals(List.of(3L), first);
    assertEquals(List.of(3L, 4L), second);
  }
}
