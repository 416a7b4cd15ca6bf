// SPDX-License-Identifier: Apache-2.0
/** Conformance suites and deterministic fixtures for backends, stores and transports. */
module network.perun.testkit {
  requires transitive network.perun.api;
  requires transitive network.perun.core;
  requires transitive network.perun.persistence.spi;
  requires transitive org.junit.jupiter.api;
  requires transitive org.junit.jupiter.params;

  exports network.perun.testkit.conformance;
  exports network.perun.testkit.random;

  opens network.perun.testkit.conformance to org.junit.platform.commons;
}
