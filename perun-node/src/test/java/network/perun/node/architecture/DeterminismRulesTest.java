// SPDX-License-Identifier: Apache-2.0
package network.perun.node.architecture;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import network.perun.node.architecture.fixture.DeterminismFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Tests that each determinism rule catches what it names and lets the port-based alternatives pass. */
class DeterminismRulesTest {
  private static final String FIXTURES = "network.perun.node.architecture.fixture..";
  private static final Function<String[], ArchRule> WALL_CLOCK = DeterminismTest::doNotReadTheWallClock;
  private static final Function<String[], ArchRule> RANDOMNESS = DeterminismTest::doNotMakeUnseededRandomness;
  private static final Function<String[], ArchRule> THREADS = DeterminismTest::doNotSleepOrStartThreads;
  private static JavaClasses fixtures;

  static Stream<Arguments> violations() {
    return Stream.of(
        Arguments.of(DeterminismFixtures.CurrentTimeMillis.class, WALL_CLOCK),
        Arguments.of(DeterminismFixtures.NanoTime.class, WALL_CLOCK),
        Arguments.of(DeterminismFixtures.NanoTimeReference.class, WALL_CLOCK),
        Arguments.of(DeterminismFixtures.InstantNow.class, WALL_CLOCK),
        Arguments.of(DeterminismFixtures.LocalDateTimeNow.class, WALL_CLOCK),
        Arguments.of(DeterminismFixtures.ZonedDateTimeNowInZone.class, WALL_CLOCK),
        Arguments.of(DeterminismFixtures.ClockSystemUtc.class, WALL_CLOCK),
        Arguments.of(DeterminismFixtures.ClockSystemDefaultZone.class, WALL_CLOCK),
        Arguments.of(DeterminismFixtures.NewDate.class, WALL_CLOCK),
        Arguments.of(DeterminismFixtures.NewRandom.class, RANDOMNESS),
        Arguments.of(DeterminismFixtures.NewSeededRandom.class, RANDOMNESS),
        Arguments.of(DeterminismFixtures.NewRandomReference.class, RANDOMNESS),
        Arguments.of(DeterminismFixtures.NewSecureRandom.class, RANDOMNESS),
        Arguments.of(DeterminismFixtures.SecureRandomGetInstanceStrong.class, RANDOMNESS),
        Arguments.of(DeterminismFixtures.RandomGeneratorGetDefault.class, RANDOMNESS),
        Arguments.of(DeterminismFixtures.ThreadLocalRandomCurrent.class, RANDOMNESS),
        Arguments.of(DeterminismFixtures.MathRandom.class, RANDOMNESS),
        Arguments.of(DeterminismFixtures.RandomUuid.class, RANDOMNESS),
        Arguments.of(DeterminismFixtures.ShuffleWithoutRandom.class, RANDOMNESS),
        Arguments.of(DeterminismFixtures.ThreadSleep.class, THREADS),
        Arguments.of(DeterminismFixtures.TimeUnitSleep.class, THREADS),
        Arguments.of(DeterminismFixtures.NewThread.class, THREADS),
        Arguments.of(DeterminismFixtures.ThreadStart.class, THREADS),
        Arguments.of(DeterminismFixtures.ThreadOfVirtual.class, THREADS),
        Arguments.of(DeterminismFixtures.ThreadOfPlatform.class, THREADS),
        Arguments.of(DeterminismFixtures.ExecutorsFixedThreadPool.class, THREADS),
        Arguments.of(DeterminismFixtures.SupplyAsyncOnTheCommonPool.class, THREADS));
  }

  @ParameterizedTest
  @MethodSource("violations")
  void ruleReportsTheViolation(Class<?> fixture, Function<String[], ArchRule> rule) {
    EvaluationResult result = rule.apply(new String[] {FIXTURES}).evaluate(only(fixture));

    List<String> details = result.getFailureReport().getDetails();
    assertFalse(details.isEmpty(), "expected a violation in " + fixture.getName());
    for (String detail : details) {
      assertTrue(detail.contains(fixture.getName()), "the violation should name " + fixture.getName() + ": " + detail);
    }
  }

  @Test
  void portBasedTimeRandomnessAndSchedulingPassEveryRule() {
    JavaClasses deterministic = only(DeterminismFixtures.Deterministic.class);

    for (Function<String[], ArchRule> rule : List.of(WALL_CLOCK, RANDOMNESS, THREADS)) {
      EvaluationResult result = rule.apply(new String[] {FIXTURES}).evaluate(deterministic);
      assertFalse(result.hasViolation(), "unexpected violations: " + result.getFailureReport().getDetails());
    }
  }

  /** The fixture class alone, from one import of all fixtures (each import resolves JDK types: slow). */
  private static JavaClasses only(Class<?> fixture) {
    return fixtures().that(JavaClass.Predicates.equivalentTo(fixture));
  }

  private static synchronized JavaClasses fixtures() {
    if (fixtures == null) {
      fixtures = new ClassFileImporter().importPackagesOf(DeterminismFixtures.class);
    }
    return fixtures;
  }
}
