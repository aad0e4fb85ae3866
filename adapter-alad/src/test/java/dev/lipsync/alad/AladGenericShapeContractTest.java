package dev.lipsync.alad;

import dev.lipsync.testkit.AladSimulator;

/** The contract, with status answered in the generic task record's shape. */
class AladGenericShapeContractTest extends AladContractTest {
  @Override
  AladSimulator.Shape shape() {
    return AladSimulator.Shape.GENERIC;
  }
}
