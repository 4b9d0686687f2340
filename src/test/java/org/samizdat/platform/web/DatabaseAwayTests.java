package org.samizdat.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.TransactionSystemException;

/** Which failures are the database being away (503), not a bug (500). */
class DatabaseAwayTests {

  @Test
  void aConnectionThatDiedUnderAQueryAndThenFailedToRollBackIsTheDatabaseAway() {
    TransactionSystemException rollbackFailed =
        new TransactionSystemException(
            "JDBC rollback failed", new SQLException("Connection is closed"));
    rollbackFailed.initApplicationException(
        new DataAccessResourceFailureException(
            "terminating connection due to administrator command"));
    assertThat(DatabaseFailures.away(rollbackFailed)).isTrue();
  }

  @Test
  void aRollbackThatFailedAfterABugIsStillABug() {
    TransactionSystemException rollbackFailed =
        new TransactionSystemException(
            "JDBC rollback failed", new SQLException("Connection is closed"));
    rollbackFailed.initApplicationException(new IllegalStateException("a bug"));
    assertThat(DatabaseFailures.away(rollbackFailed)).isFalse();
    assertThat(DatabaseFailures.away(new IllegalStateException("a bug"))).isFalse();
  }
}
