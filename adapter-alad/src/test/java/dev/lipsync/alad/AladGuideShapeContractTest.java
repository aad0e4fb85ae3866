package dev.lipsync.alad;

import dev.lipsync.testkit.AladSimulator;

/** The contract, with status answered in the lip-sync guide's shape. */
class AladGuideShapeContractTest extends AladContractTest {
  @Override
  AladSimulator.Shape shape() {
    return AladSimulator.Shape.GUIDE;
  }
}
