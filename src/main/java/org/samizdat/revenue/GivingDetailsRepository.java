package org.samizdat.revenue;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.samizdat.revenue.GivingDetails.BankAccount;
import org.samizdat.revenue.GivingDetails.CryptoAddress;
import org.samizdat.revenue.GivingDetails.SafeGiving;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The ways to give outside the payment rails, as editors keep them (checked by the caller). */
@Repository
class GivingDetailsRepository {

  private final JdbcClient jdbc;

  GivingDetailsRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  SafeGiving safeGiving() {
    return jdbc.sql("SELECT safe_giving_en, safe_giving_ru FROM giving_settings WHERE id = 1")
        .query((rs, n) -> new SafeGiving(rs.getString(1), rs.getString(2)))
        .single();
  }

  void saveSafeGiving(SafeGiving words, Instant now) {
    jdbc.sql(
            "UPDATE giving_settings SET safe_giving_en = :en, safe_giving_ru = :ru, updated_at = :now WHERE id = 1")
        .param("en", words.en())
        .param("ru", words.ru())
        .param("now", Timestamp.from(now))
        .update();
  }

  List<BankAccount> bankAccounts() {
    return jdbc.sql(
            """
            SELECT id, currency, account_holder, iban, bic, bank_name, reference
            FROM giving_bank_account ORDER BY currency, id
            """)
        .query(
            (rs, n) ->
                new BankAccount(
                    rs.getLong(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getString(4),
                    rs.getString(5),
                    rs.getString(6),
                    rs.getString(7)))
        .list();
  }

  /** Adds an account (its id is ignored); returns the id it got. */
  long addBankAccount(BankAccount account, Instant now) {
    return jdbc.sql(
            """
            INSERT INTO giving_bank_account (currency, account_holder, iban, bic, bank_name, reference, created_at)
            VALUES (:currency, :holder, :iban, :bic, :bank, :reference, :now) RETURNING id
            """)
        .param("currency", account.currency())
        .param("holder", account.accountHolder())
        .param("iban", account.iban())
        .param("bic", account.bic())
        .param("bank", account.bankName())
        .param("reference", account.reference())
        .param("now", Timestamp.from(now))
        .query(Long.class)
        .single();
  }

  void deleteBankAccount(long id) {
    jdbc.sql("DELETE FROM giving_bank_account WHERE id = :id").param("id", id).update();
  }

  List<CryptoAddress> cryptoAddresses() {
    return jdbc.sql("SELECT id, currency, address FROM giving_crypto_address ORDER BY id")
        .query((rs, n) -> new CryptoAddress(rs.getLong(1), rs.getString(2), rs.getString(3)))
        .list();
  }

  long addCryptoAddress(String currency, String address, Instant now) {
    return jdbc.sql(
            "INSERT INTO giving_crypto_address (currency, address, created_at) VALUES (:c, :a, :now) RETURNING id")
        .param("c", currency)
        .param("a", address)
        .param("now", Timestamp.from(now))
        .query(Long.class)
        .single();
  }

  void deleteCryptoAddress(long id) {
    jdbc.sql("DELETE FROM giving_crypto_address WHERE id = :id").param("id", id).update();
  }
}
