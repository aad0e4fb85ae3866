package dev.lipsync.cometapi;

import dev.lipsync.core.tracking.ManualScheduler;
import dev.lipsync.testkit.CometApiSimulator;
import dev.lipsync.testkit.VendorSimulator;

/**
 * The whole contract again, with every status answered in the relay's own task record (Kling's answer
 * inside), the other shape CometAPI documents for its Kling tasks.
 */
class CometApiRelayRecordContractTest extends CometApiContractTest {
  @Override
  protected VendorSimulator createSimulator(String apiKey, ManualScheduler clock) {
    return new CometApiSimulator(apiKey, clock).relayRecords(true);
  }
}
