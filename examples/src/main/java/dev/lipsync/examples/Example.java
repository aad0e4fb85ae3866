package dev.lipsync.examples;

import java.io.PrintStream;

/**
 * An example program: it runs on {@link Vendors}, prints what happens, and returns its exit code. Each
 * example's {@code main} is {@code Example.launch(XExample::run)}; tests call {@code run} with the
 * simulators on a scheduler of their own.
 */
@FunctionalInterface
public interface Example {

  /**
   * Runs the example.
   *
   * @return 0 when everything went as the example says, 1 otherwise
   */
  int run(Vendors vendors, PrintStream out);

  /**
   * Runs {@code example} as a program: on the vendors whose keys are in the process environment, or on
   * the simulators when none is; prints to standard output, and exits with the example's code.
   */
  static void launch(Example example) {
    int exit;
    try (Vendors vendors = Vendors.fromEnvironment(System.getenv())) {
      System.out.println("Running against " + vendors + ".");
      exit = example.run(vendors, System.out);
    }
    System.exit(exit);
  }
}
