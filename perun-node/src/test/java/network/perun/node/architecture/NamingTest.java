// SPDX-License-Identifier: Apache-2.0
package network.perun.node.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static network.perun.node.architecture.PerunClasses.production;

import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.lang.ArchRule;
import network.perun.api.PerunException;
import network.perun.api.spi.BackendProvider;
import org.junit.jupiter.api.Test;

/** Tests the naming conventions of style-anchors 7.7 that a class file can show. */
class NamingTest {
  static final ArchRule BACKEND_PROVIDERS_ARE_PUBLIC_FINAL_AND_NAMED_SO =
      classes()
          .that()
          .implement(BackendProvider.class)
          .and()
          .areTopLevelClasses()
          .should()
          .haveSimpleNameEndingWith("BackendProvider")
          .andShould()
          .bePublic()
          .andShould()
          .haveModifier(JavaModifier.FINAL)
          .because("ServiceLoader needs a public class, a final one cannot be subclassed into a second provider"
              + " with the same id, and the name says what it is (SimBackendProvider); nested classes are"
              + " private adapters (such as one wrapping a Backend passed in by hand), never registered");

  static final ArchRule EXCEPTIONS_ARE_PERUN_EXCEPTIONS =
      classes()
          .that()
          .haveSimpleNameEndingWith("Exception")
          .and()
          .arePublic()
          .should()
          .beAssignableTo(PerunException.class)
          .because("perun-java has one unchecked exception family, so callers can catch PerunException"
              + " (a package-private I/O signal that never leaves its package, like the TCP handshake's, is not API)");

  static final ArchRule NO_IMPL_SUFFIX =
      noClasses()
          .should()
          .haveSimpleNameEndingWith("Impl")
          .because("a name says what a class is (SimAdjudicator, TcpTransport), not that it implements something");

  @Test
  void backendProvidersArePublicFinalAndNamedSo() {
    BACKEND_PROVIDERS_ARE_PUBLIC_FINAL_AND_NAMED_SO.check(production());
  }

  @Test
  void exceptionsArePerunExceptions() {
    EXCEPTIONS_ARE_PERUN_EXCEPTIONS.check(production());
  }

  @Test
  void noClassNameEndsInImpl() {
    NO_IMPL_SUFFIX.check(production());
  }
}
