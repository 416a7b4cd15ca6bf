// SPDX-License-Identifier: Apache-2.0
/**
 * The simulated backend: deterministic accounts and a deterministic in-memory blockchain.
 *
 * @provides network.perun.api.spi.BackendProvider
 */
module network.perun.backend.sim {
  requires transitive network.perun.api;
  requires org.bouncycastle.provider;

  exports network.perun.backend.sim;
  exports network.perun.backend.sim.chain;

  provides network.perun.api.spi.BackendProvider with network.perun.backend.sim.SimBackendProvider;
}
