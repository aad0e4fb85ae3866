package dev.lipsync.cli;

/**
 * The command line or the environment is wrong: exit code 2, and nothing was sent to any vendor. The
 * message names the option or variable, the value and the rule.
 */
final class InputError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  InputError(String message) {
    super(message, null, false, false);
  }
}
