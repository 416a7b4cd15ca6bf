// SPDX-License-Identifier: Apache-2.0
package network.perun.node.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static network.perun.node.architecture.PerunClasses.API;
import static network.perun.node.architecture.PerunClasses.CORE;
import static network.perun.node.architecture.PerunClasses.DOMAIN;
import static network.perun.node.architecture.PerunClasses.PERSISTENCE_SPI;
import static network.perun.node.architecture.PerunClasses.production;

import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * Tests that the domain (api, persistence SPI, core) uses only the JDK and itself, so it runs unchanged under
 * any adapter, and that only the core logs (through the SLF4J API).
 */
class DomainPurityTest {
  static final ArchRule DOMAIN_DEPENDS_ONLY_ON_THE_JDK_ITSELF_AND_SLF4J =
      classes()
          .that()
          .resideInAnyPackage(DOMAIN)
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage("java..", API, PERSISTENCE_SPI, CORE, "org.slf4j..")
          .because(
              "the domain holds the protocol and must not depend on a blockchain client, a network stack,"
                  + " a database or a logging backend (style-anchors 7.4, rule 2)");

  static final ArchRule API_AND_PERSISTENCE_SPI_DO_NOT_LOG =
      noClasses()
          .that()
          .resideInAnyPackage(API, PERSISTENCE_SPI)
          .should()
          .dependOnClassesThat()
          .resideInAPackage("org.slf4j..")
          .because("the api and the persistence SPI are types and ports; only the core has behaviour worth logging");

  @Test
  void domainDependsOnlyOnTheJdkItselfAndSlf4j() {
    DOMAIN_DEPENDS_ONLY_ON_THE_JDK_ITSELF_AND_SLF4J.check(production());
  }

  @Test
  void apiAndPersistenceSpiDoNotLog() {
    API_AND_PERSISTENCE_SPI_DO_NOT_LOG.check(production());
  }
}
