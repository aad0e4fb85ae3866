package dev.lipsync.core.store;

/**
 * A {@link JobStore} could not read or write a job: its database was unreachable, refused the
 * statement or held something this library cannot read. The message names the operation and the job;
 * never a password or a connection string.
 */
public class JobStoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public JobStoreException(String message, Throwable cause) {
    super(message, cause);
  }

  public JobStoreException(String message) {
    super(message);
  }
}
