package dev.lipsync.examples.boot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Boot application that dubs videos through the gateway the starter makes: {@code POST /jobs}
 * starts a job, {@code GET /jobs/{key}} shows it. With a vendor's key in the environment
 * ({@code COMETAPI_KEY}, {@code ALAD_KEY}, ...) it talks to that vendor; with none, to the testkit's
 * simulators, started in-process ({@link SimulatedVendors}).
 */
@SpringBootApplication
public class LipSyncExampleApplication {

  /** Starts the application; {@code mvn -pl examples/spring-boot spring-boot:run}. */
  public static void main(String[] args) {
    SpringApplication.run(LipSyncExampleApplication.class, args);
  }
}
