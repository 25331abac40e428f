package io.fetchq.worker.fetch.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.hc.client5.http.DnsResolver;

/**
 * A resolver with scripted answers: the n-th lookup of a name gets its n-th answer (the last one
 * repeats). Records every name asked for.
 */
final class FakeDns implements DnsResolver {

  private final Map<String, List<InetAddress[]>> answers = new ConcurrentHashMap<>();
  private final List<String> asked = new CopyOnWriteArrayList<>();

  /** Adds the answer to the next lookup of {@code name} (addresses as literals). */
  FakeDns answer(String name, String... addresses) {
    InetAddress[] answer = new InetAddress[addresses.length];
    try {
      for (int i = 0; i < addresses.length; i++) {
        answer[i] = InetAddress.getByName(addresses[i]);
      }
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
    answers.computeIfAbsent(name, n -> new CopyOnWriteArrayList<>()).add(answer);
    return this;
  }

  @Override
  public InetAddress[] resolve(String host) throws UnknownHostException {
    int previous = (int) asked.stream().filter(host::equals).count();
    asked.add(host);
    List<InetAddress[]> scripted = answers.get(host);
    if (scripted == null) {
      throw new UnknownHostException(host);
    }
    return scripted.get(Math.min(previous, scripted.size() - 1)).clone();
  }

  @Override
  public String resolveCanonicalHostname(String host) {
    return host;
  }

  /** Every name looked up so far, in order. */
  List<String> asked() {
    return new ArrayList<>(asked);
  }
}
