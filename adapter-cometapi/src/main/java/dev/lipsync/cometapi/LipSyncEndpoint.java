package dev.lipsync.cometapi;

/**
 * Which of CometAPI's two lip-sync endpoints made a task. Each endpoint has its own status path, so a
 * {@link dev.lipsync.core.model.TaskRef} must say which one: an advanced task's id is kept verbatim (the
 * id a callback carries is then the ref's id as it is), and a task of the older endpoint is recorded as
 * {@code lip-sync/<vendor task id>}. Kling task ids are digits or Base64 text, and no Base64 alphabet
 * holds both a dash and a slash, so no task id of the vendor's own begins with the prefix; the form
 * stays printable ASCII without spaces, as task refs require.
 */
enum LipSyncEndpoint {
  ADVANCED("advanced", ""),
  LEGACY("lip-sync", "lip-sync/");

  private final String modeName;
  private final String prefix;

  LipSyncEndpoint(String modeName, String prefix) {
    this.modeName = modeName;
    this.prefix = prefix;
  }

  /** The name of the capabilities mode this endpoint serves. */
  String modeName() {
    return modeName;
  }

  /** The task id to record in a task ref for the vendor's {@code vendorTaskId}. */
  String refTaskId(String vendorTaskId) {
    return prefix + vendorTaskId;
  }

  /** The vendor's task id inside a ref's task id made by {@link #refTaskId(String)}. */
  String vendorTaskId(String refTaskId) {
    return refTaskId.substring(prefix.length());
  }

  /** The endpoint that made the task a ref's task id names. */
  static LipSyncEndpoint ofRefTaskId(String refTaskId) {
    return refTaskId.startsWith(LEGACY.prefix) && refTaskId.length() > LEGACY.prefix.length()
        ? LEGACY : ADVANCED;
  }

  /** The endpoint serving the capabilities mode called {@code modeName}. */
  static LipSyncEndpoint ofMode(String modeName) {
    for (LipSyncEndpoint endpoint : values()) {
      if (endpoint.modeName.equals(modeName)) {
        return endpoint;
      }
    }
    throw new IllegalArgumentException("no endpoint serves mode " + modeName);
  }
}
