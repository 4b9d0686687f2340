package org.samizdat.revenue;

import java.util.HashMap;
import java.util.Map;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The supporters a transaction has just written, with where their mail goes: the receipt queued
 * before the payment's transaction commits needs the address the payment gave a moment earlier, not
 * a second query for it. Held only while the transaction runs (nothing outside one is remembered).
 */
final class TransactionContacts {

  private static final Object KEY = new Object();

  private TransactionContacts() {}

  static void remember(long supporterId, SupporterRepository.Contact contact) {
    if (!TransactionSynchronizationManager.isSynchronizationActive()) {
      return;
    }
    contacts(true).put(supporterId, contact);
  }

  static SupporterRepository.Contact known(long supporterId) {
    if (!TransactionSynchronizationManager.isSynchronizationActive()) {
      return null;
    }
    Map<Long, SupporterRepository.Contact> known = contacts(false);
    return known == null ? null : known.get(supporterId);
  }

  @SuppressWarnings("unchecked")
  private static Map<Long, SupporterRepository.Contact> contacts(boolean create) {
    Map<Long, SupporterRepository.Contact> contacts =
        (Map<Long, SupporterRepository.Contact>) TransactionSynchronizationManager.getResource(KEY);
    if (contacts == null && create) {
      Map<Long, SupporterRepository.Contact> fresh = new HashMap<>(4);
      TransactionSynchronizationManager.bindResource(KEY, fresh);
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void suspend() {
              TransactionSynchronizationManager.unbindResource(KEY);
            }

            @Override
            public void resume() {
              TransactionSynchronizationManager.bindResource(KEY, fresh);
            }

            @Override
            public void afterCompletion(int status) {
              TransactionSynchronizationManager.unbindResourceIfPossible(KEY);
            }
          });
      contacts = fresh;
    }
    return contacts;
  }
}
