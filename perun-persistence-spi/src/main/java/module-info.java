// SPDX-License-Identifier: Apache-2.0
/**
 * The persistence port of perun-java: how channel state is persisted and restored, the record encoding and an
 * in-memory reference store.
 */
module network.perun.persistence.spi {
  requires transitive network.perun.api;

  exports network.perun.persistence.spi;
}
