package dev.lipsync.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The two tests that write {@code RELIABILITY.md} each rewrite their own part of it and keep the other's. */
class CrashMatrixTest {
  @TempDir Path dir;

  private static CrashMatrix matrix(String endings) {
    CrashMatrix matrix = new CrashMatrix();
    matrix.add(new CrashMatrix.Row("tracking", "SQLite", 3, 3, 0, 0, endings));
    return matrix;
  }

  @Test
  void should_keep_the_crash_matrix_when_the_fault_matrix_is_regenerated() throws Exception {
    Path page = dir.resolve("RELIABILITY.md");
    ReliabilityReport faults = new ReliabilityReport();
    faults.write(page, MatrixFault.all(), ThreeVendors.VENDORS);
    String faultsOnly = Files.readString(page);

    matrix("3 SUCCEEDED").write(page, List.of("tracking"), List.of("SQLite"));
    String both = Files.readString(page);
    faults.write(page, MatrixFault.all(), ThreeVendors.VENDORS);

    assertThat(both).startsWith(faultsOnly.stripTrailing()).contains("| tracking | SQLite | 3 | 3 | 0 | 0 | 3 SUCCEEDED |");
    assertThat(Files.readString(page)).as("regenerating an unchanged page changes nothing").isEqualTo(both);
  }

  @Test
  void should_rewrite_only_its_own_section() throws Exception {
    Path page = dir.resolve("RELIABILITY.md");
    Files.writeString(page, "# Reliability\n\nthe fault matrix\n");
    matrix("3 SUCCEEDED").write(page, List.of("tracking"), List.of("SQLite"));

    matrix("3 FAILED").write(page, List.of("tracking"), List.of("SQLite"));

    String text = Files.readString(page);
    assertThat(text).startsWith("# Reliability\n\nthe fault matrix\n\n" + CrashMatrix.BEGIN)
        .endsWith(CrashMatrix.END + "\n").contains("3 FAILED").doesNotContain("3 SUCCEEDED");
    assertThat(text.indexOf(CrashMatrix.BEGIN)).isEqualTo(text.lastIndexOf(CrashMatrix.BEGIN));
  }
}
