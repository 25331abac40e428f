package io.fetchq.api.streams.web;

import io.fetchq.api.streams.usecase.StreamSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.function.Function;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * A status stream written as Server-Sent Events: each state is one event {@code event: <name>},
 * {@code id: <1, 2, ...>}, {@code data: <the resource as GET returns it, one JSON line>} (written
 * by Spring MVC's JSON converter, so exactly the API's JSON dialect); a keep-alive is the comment
 * {@code : keep-alive}.
 */
final class SseStreamSink<T> implements StreamSink<T> {

  static final String KEEP_ALIVE = " keep-alive";

  private final SseEmitter emitter;
  private final String event;
  private final Function<T, ?> view;
  private long sequence;

  SseStreamSink(SseEmitter emitter, String event, Function<T, ?> view) {
    this.emitter = Objects.requireNonNull(emitter, "emitter");
    this.event = Objects.requireNonNull(event, "event");
    this.view = Objects.requireNonNull(view, "view");
  }

  @Override
  public void send(T state) {
    sequence++;
    write(
        SseEmitter.event()
            .name(event)
            .id(Long.toString(sequence))
            .data(view.apply(state), MediaType.APPLICATION_JSON));
  }

  @Override
  public void keepAlive() {
    write(SseEmitter.event().comment(KEEP_ALIVE));
  }

  @Override
  public void complete() {
    emitter.complete();
  }

  private void write(SseEmitter.SseEventBuilder builder) {
    try {
      emitter.send(builder);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
