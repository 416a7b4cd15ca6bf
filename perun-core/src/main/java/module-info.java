// SPDX-License-Identifier: Apache-2.0
/**
 * The pure domain of perun-java: the channel state machine, the client protocols, the watcher and backend
 * discovery. It depends only on the API, the persistence SPI and SLF4J's API; time, randomness and scheduling
 * come in through ports.
 *
 * @uses network.perun.api.spi.BackendProvider
 */
module network.perun.core {
  requires transitive network.perun.api;
  requires transitive network.perun.persistence.spi;
  requires org.slf4j;

  exports network.perun.core.backend;
  exports network.perun.core.channel;
  exports network.perun.core.client;

  uses network.perun.api.spi.BackendProvider;
}
