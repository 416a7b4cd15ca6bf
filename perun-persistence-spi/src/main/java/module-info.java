// SPDX-License-Identifier: Apache-2.0
/** The persistence ports of perun-java: how channel state is persisted and restored (issue: durable persistence). */
module network.perun.persistence.spi {
  requires transitive network.perun.api;
}
