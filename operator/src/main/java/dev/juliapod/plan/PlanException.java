package dev.juliapod.plan;

/**
 * A JuliaPod that cannot be planned because of its input (spec, project files, a referenced
 * object). The message names the field or object and what to do; retrying without a change cannot
 * help, so the operator reports it and waits for the next edit.
 */
public final class PlanException extends Exception {
  private static final long serialVersionUID = 1L;

  public PlanException(String message) {
    super(message);
  }
}
