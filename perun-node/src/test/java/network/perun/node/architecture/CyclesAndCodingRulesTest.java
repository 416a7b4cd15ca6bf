// SPDX-License-Identifier: Apache-2.0
package network.perun.node.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.ACCESS_STANDARD_STREAMS;
import static com.tngtech.archunit.library.GeneralCodingRules.THROW_GENERIC_EXCEPTIONS;
import static com.tngtech.archunit.library.GeneralCodingRules.USE_JAVA_UTIL_LOGGING;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static network.perun.node.architecture.PerunClasses.NODE;
import static network.perun.node.architecture.PerunClasses.production;

import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * Tests that packages form no cycles and that the library modules follow ArchUnit's general coding rules.
 *
 * <p>"Library modules" are all modules but the node application, which is a command line and may print.
 */
class CyclesAndCodingRulesTest {
  static final ArchRule MODULES_ARE_FREE_OF_CYCLES =
      slices()
          .matching("network.perun.(*)..")
          .namingSlices("network.perun.$1")
          .should()
          .beFreeOfCycles()
          .because("a cycle between modules would make them one module in disguise");

  static final ArchRule CORE_PACKAGES_ARE_FREE_OF_CYCLES =
      slices()
          .matching("network.perun.core.(*)..")
          .namingSlices("network.perun.core.$1")
          .should()
          .beFreeOfCycles()
          .because("the core's packages (channel state machine, protocols, backend discovery) build on each other"
              + " in one direction, so each can be read and tested on its own");

  static final ArchRule LIBRARIES_DO_NOT_USE_STANDARD_STREAMS =
      noClasses()
          .that()
          .resideOutsideOfPackage(NODE)
          .should(ACCESS_STANDARD_STREAMS)
          .because("a library must not write to its user's console: it logs through SLF4J or returns values");

  static final ArchRule NOTHING_USES_JAVA_UTIL_LOGGING =
      noClasses()
          .should(USE_JAVA_UTIL_LOGGING)
          .because("perun-java logs through the SLF4J API, so users pick the logging backend");

  static final ArchRule LIBRARIES_DO_NOT_THROW_GENERIC_EXCEPTIONS =
      noClasses()
          .that()
          .resideOutsideOfPackage(NODE)
          .should(THROW_GENERIC_EXCEPTIONS)
          .because("callers catch failures by type: throw a PerunException subclass whose message shows the bad"
              + " value, or a specific JDK exception");

  @Test
  void modulesAreFreeOfCycles() {
    MODULES_ARE_FREE_OF_CYCLES.check(production());
  }

  @Test
  void corePackagesAreFreeOfCycles() {
    CORE_PACKAGES_ARE_FREE_OF_CYCLES.check(production());
  }

  @Test
  void librariesDoNotUseStandardStreams() {
    LIBRARIES_DO_NOT_USE_STANDARD_STREAMS.check(production());
  }

  @Test
  void nothingUsesJavaUtilLogging() {
    NOTHING_USES_JAVA_UTIL_LOGGING.check(production());
  }

  @Test
  void librariesDoNotThrowGenericExceptions() {
    LIBRARIES_DO_NOT_THROW_GENERIC_EXCEPTIONS.check(production());
  }
}
