package io.fetchq.worker.fetch.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CappedBodyTest {

  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) 'a');
    return b;
  }

  /** A stream that never ends and counts what was read from it. */
  private static final class Endless extends InputStream {
    long read;

    @Override
    public int read() {
      read++;
      return 'z';
    }

    @Override
    public int read(byte[] b, int off, int len) {
      Arrays.fill(b, off, off + len, (byte) 'z');
      read += len;
      return len;
    }
  }

  @Test
  void keepsABodyUnderTheCapWithItsDeclaredSize() throws IOException {
    CappedBody body = CappedBody.read(new ByteArrayInputStream(bytes(10)), 100, 10);

    assertThat(body.bytes()).hasSize(10);
    assertThat(body.truncated()).isFalse();
    assertThat(body.size()).isEqualTo(10L);
  }

  @Test
  void countsTheBytesWhenTheLengthIsUnknownAndTheBodyFits() throws IOException {
    CappedBody body = CappedBody.read(new ByteArrayInputStream(bytes(100)), 100, -1);

    assertThat(body.bytes()).hasSize(100);
    assertThat(body.truncated()).as("exactly the cap is not truncated").isFalse();
    assertThat(body.size()).isEqualTo(100L);
  }

  @Test
  void truncatesToTheCapAndReportsTheDeclaredSize() throws IOException {
    CappedBody body = CappedBody.read(new ByteArrayInputStream(bytes(5000)), 1024, 5000);

    assertThat(body.bytes()).hasSize(1024);
    assertThat(body.truncated()).isTrue();
    assertThat(body.size()).isEqualTo(5000L);
  }

  @Test
  void reportsNoSizeWhenTruncatedWithoutALength() throws IOException {
    CappedBody body = CappedBody.read(new ByteArrayInputStream(bytes(101)), 100, -1);

    assertThat(body.truncated()).isTrue();
    assertThat(body.size()).isNull();
  }

  @Test
  void readsOnlyOneByteBeyondTheCap() throws IOException {
    Endless endless = new Endless();

    CappedBody body = CappedBody.read(endless, 50_000, -1);

    assertThat(endless.read).isEqualTo(50_001);
    assertThat(body.bytes()).hasSize(50_000);
  }

  @Test
  void aZeroCapKeepsNothingButStillDetectsABody() throws IOException {
    assertThat(CappedBody.read(new ByteArrayInputStream(bytes(1)), 0, -1).truncated()).isTrue();
    assertThat(CappedBody.read(new ByteArrayInputStream(new byte[0]), 0, 0).truncated()).isFalse();
  }
}
