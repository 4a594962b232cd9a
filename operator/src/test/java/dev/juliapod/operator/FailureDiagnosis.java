package dev.juliapod.operator;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * A test of the running operator that fails says, in its failure message, what the cluster held and
 * what the operator logged about the test's namespace: a wait that ran out on CI (where only the
 * message is kept) then shows where the objects stopped, not only that they did.
 */
final class FailureDiagnosis implements TestExecutionExceptionHandler {
  /** A test that can describe its cluster and the operator's log. */
  interface Diagnosed {
    String diagnosis();
  }

  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable failure)
      throws Throwable {
    Object test = context.getTestInstance().orElse(null);
    if (!(test instanceof Diagnosed diagnosed)
        || !(failure instanceof AssertionError
            || failure instanceof org.awaitility.core.ConditionTimeoutException)) {
      throw failure;
    }
    AssertionError told =
        new AssertionError(failure.getMessage() + "\n" + diagnosed.diagnosis(), failure);
    told.setStackTrace(failure.getStackTrace());
    throw told;
  }
}
