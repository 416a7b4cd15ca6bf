// SPDX-License-Identifier: Apache-2.0
/** The perun command line: demo, node and bench. */
module network.perun.node {
  requires network.perun.api;
  requires network.perun.core;
  requires network.perun.wire;
  requires network.perun.backend.sim;
  requires info.picocli;
  requires org.slf4j;
}
