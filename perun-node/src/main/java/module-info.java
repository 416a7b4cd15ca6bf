// SPDX-License-Identifier: Apache-2.0
/**
 * The perun command line: demo, the node daemon with its local API, the CLI on top of that API, and the simulated
 * chain service.
 *
 * <p>The application of the hexagon: the only module that may use every adapter. It ships as the fat jar
 * {@code perun-node/target/perun.jar} (run by the {@code ./perun} launcher), where it runs on the class path.
 */
module network.perun.node {
  requires network.perun.api;
  requires network.perun.core;
  requires network.perun.wire;
  requires network.perun.backend.sim;
  requires network.perun.persistence.spi;
  requires network.perun.backend.eth; // an automatic module (see perun-backend-eth/README.md)
  requires java.management;
  requires jdk.management;
  requires network.perun.persistence.leveldb;
  requires info.picocli;
  requires org.slf4j;
  requires ch.qos.logback.classic;
  requires com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.dataformat.toml;
  requires micrometer.core;
  requires micrometer.registry.prometheus;
  requires jdk.httpserver;
  requires java.net.http;

  // picocli reads the @Command, @Option and @Parameters fields and methods by reflection.
  opens network.perun.node to
      info.picocli;
  opens network.perun.node.demo to
      info.picocli;
  opens network.perun.node.cli to
      info.picocli;
  opens network.perun.node.eth to
      info.picocli;
  opens network.perun.node.bench to
      info.picocli;
}
