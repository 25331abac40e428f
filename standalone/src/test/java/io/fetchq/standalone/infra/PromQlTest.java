package io.fetchq.standalone.infra;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlTest {

  @Test
  void findsTheMetricOfAQuantileOverARate() {
    assertThat(
            PromQl.metricNames(
                "histogram_quantile(0.99, sum by (le, instance) (rate(http_server_requests_seconds_bucket{uri=\"/api/v1/jobs\", method=~\"POST|PUT\"}[5m])))"))
        .containsExactly("http_server_requests_seconds_bucket");
  }

  @Test
  void findsBothSidesOfABinaryExpressionAndIgnoresKeywordsAndNumbers() {
    assertThat(
            PromQl.metricNames(
                "sum(rate(a_total{status=~\"5..\"}[5m])) / on (job) group_left (x) sum(rate(b_total[5m] offset 1h)) > 0.05 and bool c:recorded unless d > 1e3"))
        .containsExactly("a_total", "b_total", "c:recorded", "d");
  }

  @Test
  void ignoresLabelNamesOfAggregationsWrittenAfterTheArgument() {
    assertThat(PromQl.metricNames("max(fetchq_worker_breakers) without (instance) > 0"))
        .containsExactly("fetchq_worker_breakers");
  }

  @Test
  void ignoresSubqueryRangesAndStrings() {
    assertThat(
            PromQl.metricNames(
                "max_over_time(deriv(fetchq_outbox_backlog[5m])[30m:1m]) > 0 or label_replace(up, \"a\", \"b_c\", \"d\", \"(.*)\")"))
        .containsExactly("fetchq_outbox_backlog", "up");
  }
}
