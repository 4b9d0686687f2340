package org.samizdat.revenue.btcpay;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The invoices of the stand-in BTCPay store the local TEST MODE runs. */
@Repository
class BtcpayTestInvoiceRepository {

  private final JdbcClient jdbc;

  BtcpayTestInvoiceRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  record StoredInvoice(
      String id,
      String amount,
      String currency,
      String paidAmount,
      String status,
      String additionalStatus,
      String metadata,
      String redirectUrl,
      Instant createdAt,
      Instant expiresAt) {}

  /** An invoice as the rail asks for it: New, nothing paid yet. Amounts as decimal text. */
  record NewInvoice(
      String id,
      String storeId,
      String amount,
      String currency,
      String metadata,
      String redirectUrl,
      Instant createdAt,
      Instant expiresAt) {}

  void insert(NewInvoice invoice) {
    jdbc.sql(
            """
            INSERT INTO btcpay_testmode_invoice (id, store_id, amount, currency, paid_amount, status,
                                                 additional_status, metadata, redirect_url, created_at, expires_at)
            VALUES (:id, :store, :amount, :currency, '0', 'New', 'None', :metadata, :redirect, :now, :expires)
            """)
        .param("id", invoice.id())
        .param("store", invoice.storeId())
        .param("amount", invoice.amount())
        .param("currency", invoice.currency())
        .param("metadata", invoice.metadata())
        .param("redirect", invoice.redirectUrl())
        .param("now", Timestamp.from(invoice.createdAt()))
        .param("expires", Timestamp.from(invoice.expiresAt()))
        .update();
  }

  void update(String id, java.math.BigDecimal paid, String status, String additional) {
    jdbc.sql(
            "UPDATE btcpay_testmode_invoice SET paid_amount = :paid, status = :status, additional_status = :additional WHERE id = :id")
        .param("id", id)
        .param("paid", paid.toPlainString())
        .param("status", status)
        .param("additional", additional)
        .update();
  }

  Optional<StoredInvoice> find(String id) {
    return jdbc.sql(
            """
            SELECT id, amount, currency, paid_amount, status, additional_status, metadata, redirect_url,
                   created_at, expires_at
            FROM btcpay_testmode_invoice WHERE id = :id
            """)
        .param("id", id)
        .query(
            (rs, n) ->
                new StoredInvoice(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getString(4),
                    rs.getString(5),
                    rs.getString(6),
                    rs.getString(7),
                    rs.getString(8),
                    rs.getTimestamp(9).toInstant(),
                    rs.getTimestamp(10).toInstant()))
        .optional();
  }
}
