// SPDX-License-Identifier: Apache-2.0
package network.perun.core.client;

import java.time.Duration;
import java.util.Optional;
import network.perun.persistence.spi.ChannelStore;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;
import network.perun.api.AppRegistry;
import network.perun.api.WireAddress;
import network.perun.api.message.Envelope;
import network.perun.api.message.Message;
import network.perun.api.spi.Adjudicator;
import network.perun.api.spi.ChannelBackend;
import network.perun.api.spi.Funder;
import network.perun.api.spi.Ticker;
import network.perun.api.spi.Transport;
import network.perun.api.spi.Wallet;

/** The ports and settings one client shares with its channels. */
record ClientContext(
    WireAddress identity,
    Transport transport,
    Funder funder,
    Adjudicator adjudicator,
    Wallet wallet,
    ChannelBackend channelBackend,
    AppRegistry apps,
    Executor executor,
    RandomGenerator random,
    Ticker ticker,
    Optional<ChannelStore> store,
    Duration responseTimeout) {

  void send(WireAddress recipient, Message message) {
    transport.send(new Envelope(identity, recipient, message));
  }
}
