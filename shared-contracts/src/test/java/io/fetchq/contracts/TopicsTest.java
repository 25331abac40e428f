package io.fetchq.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TopicsTest {

  @Test
  void prefixesTopicNames() {
    assertThat(Topics.name("fetchq.", Topics.JOBS)).isEqualTo("fetchq.jobs.v1");
    assertThat(Topics.name("t42.", Topics.JOBS)).isEqualTo("t42.jobs.v1");
  }

  @Test
  void changelogAndCommonSettingsShipWithTheContracts() {
    ClassLoader loader = getClass().getClassLoader();
    assertThat(loader.getResource("db/changelog/db.changelog-master.yaml")).isNotNull();
    assertThat(loader.getResource("db/changelog/changes/0001-initial-schema.sql")).isNotNull();
    assertThat(loader.getResource("fetchq-common.yml")).isNotNull();
  }
}
