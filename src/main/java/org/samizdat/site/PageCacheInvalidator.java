package org.samizdat.site;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.samizdat.platform.cache.ClusterInvalidation;
import org.samizdat.platform.cache.PageCache;
import org.samizdat.publishing.ArticlePublished;
import org.samizdat.publishing.ArticleUpdated;
import org.samizdat.publishing.ArticleWithdrawn;
import org.samizdat.publishing.Articles;
import org.samizdat.publishing.ImageVariantsAdded;
import org.samizdat.publishing.Readership;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Drops exactly the cached pages that show an article when it is published, changed or withdrawn:
 * its own page, pages listing it (front page, its section, tags and authors), pages whose "Read
 * more" shows it, feeds and sitemaps. On every node, through the database.
 */
@Component
class PageCacheInvalidator {

  private final ClusterInvalidation invalidation;
  private final Articles articles;

  PageCacheInvalidator(
      ClusterInvalidation invalidation, Articles articles, PageCache cache, Readership readership) {
    this.invalidation = invalidation;
    this.articles = articles;
    cache.onArticleView(readership::recordView);
  }

  // Inside the publishing transaction: the notice reaches the other nodes only if it commits
  // (PostgreSQL delivers NOTIFY on commit), and this node drops its pages right after the
  // commit, before the editor's request returns, so the next reader here sees the change.

  @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT)
  void on(ArticlePublished event) {
    evict(keysFor(event.articleId(), event.language()));
  }

  @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT)
  void on(ArticleUpdated event) {
    evict(keysFor(event.articleId(), event.language()));
  }

  @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT)
  void on(ArticleWithdrawn event) {
    evict(keysFor(event.articleId(), event.language()));
  }

  /** Old images gained WebP variants: every page showing one should now offer them. */
  @EventListener
  void on(ImageVariantsAdded event) {
    invalidation.evict(List.of("*"));
  }

  private void evict(Set<String> keys) {
    invalidation.evictOnCommit(keys);
  }

  private Set<String> keysFor(long articleId, String language) {
    Set<String> keys = new LinkedHashSet<>(SurrogateKeys.forChange(language));
    keys.add(SurrogateKeys.article(articleId));
    articles.find(articleId).ifPresent(a -> keys.addAll(SurrogateKeys.listsOf(a)));
    return keys;
  }
}
