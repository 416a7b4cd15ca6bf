// SPDX-License-Identifier: Apache-2.0
package network.perun.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.joran.spi.JoranException;
import java.net.URL;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/** Tests the CLI's logback.xml: quiet (WARN, on stderr) by default, louder through perun.log.level. */
class LogbackConfigTest {
  private static final String PROPERTY = "perun.log.level";

  @Test
  void rootLogsWarnAndAboveToStderrByDefault() throws JoranException {
    assumeTrue(
        System.getProperty(PROPERTY) == null && System.getenv("PERUN_LOG_LEVEL") == null,
        "the default level is only visible when neither perun.log.level nor PERUN_LOG_LEVEL is set");

    ch.qos.logback.classic.Logger root = configuredRoot();

    assertEquals(Level.WARN, root.getLevel());
    ConsoleAppender<?> console = assertInstanceOf(ConsoleAppender.class, root.getAppender("STDERR"));
    assertEquals("System.err", console.getTarget());
  }

  @Test
  void systemPropertyRaisesTheLevel() throws JoranException {
    String previous = System.getProperty(PROPERTY);
    System.setProperty(PROPERTY, "DEBUG");
    try {
      assertEquals(Level.DEBUG, configuredRoot().getLevel());
    } finally {
      if (previous == null) {
        System.clearProperty(PROPERTY);
      } else {
        System.setProperty(PROPERTY, previous);
      }
    }
  }

  /** The root logger of a fresh logback context configured from the CLI's logback.xml. */
  private static ch.qos.logback.classic.Logger configuredRoot() throws JoranException {
    URL config = PerunCli.class.getClassLoader().getResource("logback.xml");
    assertNotNull(config, "logback.xml is not on the class path");
    LoggerContext context = new LoggerContext();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(config);
    return context.getLogger(Logger.ROOT_LOGGER_NAME);
  }
}
