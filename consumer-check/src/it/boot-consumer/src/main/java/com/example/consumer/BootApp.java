package com.example.consumer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A Boot application whose only lip-sync code is this: the starter makes the gateway from its properties. */
@SpringBootApplication
public class BootApp {
  public static void main(String[] args) {
    SpringApplication.run(BootApp.class, args);
  }
}
