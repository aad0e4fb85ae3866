package dev.lipsync.testkit;

import dev.lipsync.core.store.InMemoryJobStore;
import dev.lipsync.core.store.JobStore;

/** The in-memory store keeps the store contract. */
class InMemoryJobStoreTest extends JobStoreContract {
  private final InMemoryJobStore store = new InMemoryJobStore();

  @Override
  protected JobStore store() {
    return store;
  }
}
