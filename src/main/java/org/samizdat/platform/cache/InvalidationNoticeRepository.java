package org.samizdat.platform.cache;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** PostgreSQL's NOTIFY, through which nodes tell each other which cached pages to drop. */
@Repository
class InvalidationNoticeRepository {

  private final JdbcClient jdbc;

  InvalidationNoticeRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Sends the notice now, or at commit when called inside a transaction. */
  void send(String channel, String payload) {
    jdbc.sql("SELECT pg_notify(:channel, :payload)")
        .param("channel", channel)
        .param("payload", payload)
        .query(Object.class)
        .optional();
  }
}
