// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth.contracts;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Marks the test of one numbered edge case of eth-backend-spec section 6; {@link EdgeCaseCoverageTest} checks all. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface EdgeCase {
  /** The case number, 1-86. */
  int value();
}
