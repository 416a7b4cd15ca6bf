// SPDX-License-Identifier: Apache-2.0
/** The perunio wire codec of every message and the transports of perun-java. */
module network.perun.wire {
  requires transitive network.perun.api;
  requires org.slf4j;
  requires org.bouncycastle.provider;
  requires org.bouncycastle.pkix;

  exports network.perun.wire.codec;
  exports network.perun.wire.memory;
  exports network.perun.wire.tcp;
}
