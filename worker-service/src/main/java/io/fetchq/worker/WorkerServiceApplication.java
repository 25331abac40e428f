package io.fetchq.worker;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Main class of the distributed worker deployment; wiring lives in {@code config}. */
@SpringBootApplication
public class WorkerServiceApplication {

  public static void main(String[] args) {
    SpringApplication.run(WorkerServiceApplication.class, args);
  }
}
