package io.fetchq.api.jobs.usecase;

import io.fetchq.api.jobs.domain.Job;
import io.fetchq.contracts.jobs.v1.FetchJobMessage;

/**
 * Stores a newly accepted single job together with its first dispatch, durably: when {@link #store}
 * returns, both are committed; when it throws, neither is. Adapters may commit concurrent calls in
 * one shared transaction (group commit); each call still succeeds or fails on its own.
 */
@FunctionalInterface
public interface JobIntake {

  /**
   * Stores {@code job} and enqueues {@code firstAttempt}, committed before returning.
   *
   * @throws RuntimeException if they could not be stored (then nothing of them was)
   */
  void store(Job job, FetchJobMessage firstAttempt);
}
