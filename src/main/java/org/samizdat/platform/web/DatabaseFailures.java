package org.samizdat.platform.web;

/**
 * What a failure from the database means for the answer, for the error pages and for endpoints that
 * write their own answers.
 */
public final class DatabaseFailures {

  private DatabaseFailures() {}

  /** The database did not answer: a passing outage, not a bug, so 503 and a retry hint. */
  public static boolean away(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof org.springframework.dao.DataAccessResourceFailureException
          || t instanceof org.springframework.jdbc.CannotGetJdbcConnectionException
          || t instanceof org.springframework.transaction.CannotCreateTransactionException
          || t instanceof java.sql.SQLTransientConnectionException
          || t instanceof java.net.ConnectException) {
        return true;
      }
      // the connection died under a query, and rolling back on it failed too: the rollback's
      // exception hides the query's
      if (t instanceof org.springframework.transaction.TransactionSystemException tse
          && tse.getApplicationException() != null
          && tse.getApplicationException() != error
          && away(tse.getApplicationException())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Text PostgreSQL refuses to store or compare, such as a NUL byte in a form field: the request's
   * fault, so 400, not a 500 that looks like a bug.
   */
  public static boolean unstorableText(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof java.sql.SQLException e
          && ("22021".equals(e.getSQLState()) || "22P05".equals(e.getSQLState()))) {
        return true;
      }
    }
    return false;
  }
}
