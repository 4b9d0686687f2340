package org.samizdat.publishing;

import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SerialMergeScheduler;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.SimpleCollector;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.Lock;
import org.apache.lucene.store.LockObtainFailedException;
import org.apache.lucene.store.NativeFSLockFactory;
import org.apache.lucene.util.FixedBitSet;
import org.samizdat.platform.cache.ClusterInvalidation;
import org.samizdat.platform.i18n.Language;
import org.samizdat.publishing.ArticleSearchRepository.IndexedArticle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * This node's index of the live articles' words, so a first-time search finds its newest matches
 * without reading thousands of rows: for each stemmed word (as PostgreSQL stems it: the words are
 * read from the articles' search documents), the articles that hold it, kept newest first, so the
 * newest thousand matches of any word are the first thousand found. It holds only what readers can
 * read already, and it is rebuilt from PostgreSQL when the node starts (in the background; search
 * asks PostgreSQL meanwhile), in a temporary folder deleted when the node stops.
 *
 * <p>It follows every change on every node through the page cache's notices: an article published,
 * changed or withdrawn is read again (or dropped) by the index's own thread moments later, and a
 * notice that may have missed others ({@code "*"}) rebuilds it; until a change is taken in, search
 * asks PostgreSQL, so no reader ever gets an answer older than the page cache's. {@link #version()}
 * moves with each change, so what was found before it is not served after it.
 *
 * <p>It answers words, {@code or}, {@code -word} and their combinations exactly as PostgreSQL's
 * {@code @@} does; "phrases" need positions it does not keep, and go to PostgreSQL.
 */
@Component
class ArticleSearchIndex {

  private static final Logger log = LoggerFactory.getLogger(ArticleSearchIndex.class);

  private static final String KEY = "key";
  private static final String LANGUAGE = "language";
  private static final String ID = "id";
  private static final String PUBLISHED = "published";
  private static final String HEADLINE = "headline";
  private static final String STANDFIRST = "standfirst";
  private static final String WORDS = "words";

  private static final String FOLDER_PREFIX = "samizdat-search-";

  /** Newest first, as search ranks among equals (and as PostgreSQL orders them). */
  private static final Sort NEWEST_FIRST =
      new Sort(
          new SortField(PUBLISHED, SortField.Type.LONG, true),
          new SortField(ID, SortField.Type.LONG, true));

  private static final FieldType WORD_LIST = new FieldType();

  static {
    WORD_LIST.setIndexOptions(IndexOptions.DOCS);
    WORD_LIST.setTokenized(true);
    WORD_LIST.setOmitNorms(true);
    WORD_LIST.freeze();
  }

  /**
   * Articles read and indexed at a time while building, and the indexing buffer's megabytes: small
   * enough that what a build allocates dies young. With 2,000 and 16 MB, a build of 100,000
   * articles filled the 256 MB heap twice (full collections of 130 and 160 ms, felt by readers);
   * with 250 and 8 MB it causes none, and takes 8.1 s instead of 9.3.
   */
  private static final int BUILD_BATCH = 250;

  private static final int BUILD_BUFFER_MB = 8;

  private final ArticleSearchRepository articles;
  private final boolean enabled;

  /** The one thread that writes the index: builds it, takes in changes, closes it. */
  private final ScheduledExecutorService writer;

  private final AtomicLong version = new AtomicLong();
  private final Object lock = new Object();

  /** Articles changed and not yet taken in, each with the number of its latest change. */
  private final Map<Long, Long> pending = new HashMap<>();

  private long changes;
  private boolean rebuild = true;

  /** Whether changes wait to be taken in (or a rebuild): PostgreSQL answers meanwhile. */
  private volatile boolean behind = true;

  /** The index searched; null until it is first built. */
  private volatile Index index;

  private volatile boolean closed;

  private record Index(
      Path folder, Directory directory, IndexWriter writer, SearcherManager searchers)
      implements AutoCloseable {
    @Override
    public void close() {
      try (directory;
          writer;
          searchers) {
        // closed in reverse order
      } catch (IOException | RuntimeException e) {
        log.warn("Closing the search index: {}", e.toString());
      }
      deleteFolder(folder);
    }
  }

  ArticleSearchIndex(
      ArticleSearchRepository articles,
      ClusterInvalidation invalidation,
      PublishingSettings settings) {
    this.articles = articles;
    this.enabled = settings.searchIndex();
    this.writer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "search-index");
              t.setDaemon(true);
              return t;
            });
    if (enabled) {
      invalidation.onEvict(this::changed);
    }
  }

  @EventListener(ApplicationReadyEvent.class)
  void start() {
    if (enabled) {
      catchUpSoon(Duration.ZERO);
    }
  }

  /** Whether it answers now: built, with every change it was told of taken in. */
  boolean ready() {
    return !behind && index != null;
  }

  /**
   * Moves whenever the index is told of a change (before it takes it in: until then PostgreSQL
   * answers): a key for what was found, so nothing found before a change is served after it.
   */
  long version() {
    return version.get();
  }

  /**
   * The ids of the newest {@code limit} live articles of the edition that match this query, newest
   * first (the order of {@link ArticleSearchRepository#rank}'s windows), then with those whose
   * headline matches first and those whose standfirst matches next; empty when the index cannot
   * answer (it is being built, or the query holds a phrase).
   *
   * @param tsquery the query as PostgreSQL reads it ({@link ArticleSearchRepository#tsquery})
   */
  Optional<long[]> rank(Language language, String tsquery, int limit) {
    Index current = index;
    if (current == null || behind) {
      return Optional.empty();
    }
    Optional<TsQueryText.Node> parsed = TsQueryText.parse(tsquery);
    if (parsed.isEmpty()) {
      return Optional.empty();
    }
    if (parsed.get() instanceof TsQueryText.Nothing) {
      return Optional.of(new long[0]);
    }
    IndexSearcher searcher;
    try {
      searcher = current.searchers().acquire();
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // closed by a rebuild meanwhile
    }
    try {
      TopFieldDocs newest =
          searcher.search(inEdition(language, parsed.get(), WORDS), limit, NEWEST_FIRST, false);
      ScoreDoc[] hits = newest.scoreDocs;
      if (hits.length == 0) {
        return Optional.of(new long[0]);
      }
      FixedBitSet inHeadline = matching(searcher, inEdition(language, parsed.get(), HEADLINE));
      FixedBitSet inStandfirst = matching(searcher, inEdition(language, parsed.get(), STANDFIRST));
      long[] ids = new long[hits.length];
      int n = 0;
      for (int pass = 0; pass < 3; pass++) {
        for (ScoreDoc hit : hits) {
          int place = inHeadline.get(hit.doc) ? 0 : inStandfirst.get(hit.doc) ? 1 : 2;
          if (place == pass) {
            ids[n++] = (Long) ((FieldDoc) hit).fields[1];
          }
        }
      }
      return Optional.of(ids);
    } catch (IOException | RuntimeException e) {
      // a reader is never shown an error for it: PostgreSQL answers instead
      log.warn("Search index: {}; asking PostgreSQL", e.toString());
      return Optional.empty();
    } finally {
      try {
        current.searchers().release(searcher);
      } catch (IOException e) {
        log.debug("Releasing a searcher", e);
      }
    }
  }

  private static Query inEdition(Language language, TsQueryText.Node query, String field) {
    return new BooleanQuery.Builder()
        .add(new TermQuery(new Term(LANGUAGE, language.code())), Occur.FILTER)
        .add(query(query, field), Occur.FILTER)
        .build();
  }

  /** The query over one field, as {@code to_tsvector(field) @@ query} reads it. */
  static Query query(TsQueryText.Node node, String field) {
    if (node instanceof TsQueryText.Word w) {
      return new TermQuery(new Term(field, w.lexeme()));
    }
    if (node instanceof TsQueryText.Not n) {
      return new BooleanQuery.Builder()
          .add(new MatchAllDocsQuery(), Occur.FILTER)
          .add(query(n.operand(), field), Occur.MUST_NOT)
          .build();
    }
    if (node instanceof TsQueryText.And a) {
      return new BooleanQuery.Builder()
          .add(query(a.left(), field), Occur.FILTER)
          .add(query(a.right(), field), Occur.FILTER)
          .build();
    }
    if (node instanceof TsQueryText.Or o) {
      return new BooleanQuery.Builder()
          .add(query(o.left(), field), Occur.SHOULD)
          .add(query(o.right(), field), Occur.SHOULD)
          .build();
    }
    return new MatchNoDocsQuery();
  }

  private static FixedBitSet matching(IndexSearcher searcher, Query query) throws IOException {
    FixedBitSet bits = new FixedBitSet(Math.max(1, searcher.getIndexReader().maxDoc()));
    searcher.search(
        query,
        new SimpleCollector() {
          private int base;

          @Override
          protected void doSetNextReader(LeafReaderContext context) {
            base = context.docBase;
          }

          @Override
          public void collect(int doc) {
            bits.set(base + doc);
          }

          @Override
          public ScoreMode scoreMode() {
            return ScoreMode.COMPLETE_NO_SCORES;
          }
        });
    return bits;
  }

  /**
   * A page-cache drop, here or on another node: the articles it names are taken in by the index's
   * own thread (so the notice is not held up); until then search asks PostgreSQL.
   */
  void changed(Collection<String> keys) {
    boolean everything = false;
    List<Long> ids = new ArrayList<>();
    for (String key : keys) {
      if (key.equals("*")) {
        everything = true;
      } else if (key.startsWith(Article.CACHE_KEY_PREFIX)) {
        try {
          ids.add(Long.parseLong(key.substring(Article.CACHE_KEY_PREFIX.length())));
        } catch (NumberFormatException e) {
          // another kind of key with the same start: not an article
        }
      }
    }
    if (!everything && ids.isEmpty()) {
      return;
    }
    synchronized (lock) {
      if (everything) {
        rebuild = true;
        pending.clear();
      } else {
        for (long id : ids) {
          pending.put(id, ++changes);
        }
      }
      behind = true;
      version.incrementAndGet();
    }
    catchUpSoon(Duration.ZERO);
  }

  private void catchUpSoon(Duration delay) {
    if (closed) {
      return;
    }
    try {
      writer.schedule(this::catchUp, delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // stopping
    }
  }

  /** On the index's thread: builds it when asked, then takes in the changes told so far. */
  private void catchUp() {
    if (closed) {
      return;
    }
    try {
      boolean build;
      synchronized (lock) {
        build = rebuild || index == null;
        rebuild = false;
      }
      if (build) {
        Index old = index;
        index = build();
        if (old != null) {
          old.close();
        }
      }
      Map<Long, Long> taking;
      synchronized (lock) {
        taking = new HashMap<>(pending);
      }
      if (!taking.isEmpty()) {
        take(index, taking.keySet());
      }
      synchronized (lock) {
        // an article changed again meanwhile stays, for the next turn
        taking.forEach(pending::remove);
        if (pending.isEmpty() && !rebuild) {
          behind = false;
        }
        // the version moved when the changes were told: what PostgreSQL answered since is as
        // fresh as what the index now answers
      }
    } catch (IOException | RuntimeException e) {
      if (closed) {
        return;
      }
      // the index may miss a change: rebuilt from PostgreSQL, which answers meanwhile
      synchronized (lock) {
        rebuild = true;
        behind = true;
        version.incrementAndGet();
      }
      log.warn(
          "Search index could not take in changes ({}); search asks PostgreSQL, rebuilding it in"
              + " 30 s",
          e.toString());
      catchUpSoon(Duration.ofSeconds(30));
    }
  }

  private void take(Index target, Collection<Long> ids) throws IOException {
    Set<Long> gone = new LinkedHashSet<>(ids);
    for (IndexedArticle a : articles.indexed(ids)) {
      target.writer().updateDocument(new Term(KEY, Long.toString(a.id())), document(a));
      gone.remove(a.id());
    }
    for (long id : gone) {
      target.writer().deleteDocuments(new Term(KEY, Long.toString(id)));
    }
    target.searchers().maybeRefreshBlocking();
  }

  private Index build() throws IOException {
    long started = System.nanoTime();
    deleteAbandonedFolders();
    Path folder = Files.createTempDirectory(FOLDER_PREFIX);
    Directory directory = FSDirectory.open(folder);
    IndexWriterConfig config =
        new IndexWriterConfig()
            .setOpenMode(IndexWriterConfig.OpenMode.CREATE)
            .setIndexSort(NEWEST_FIRST)
            .setMergeScheduler(new SerialMergeScheduler())
            .setRAMBufferSizeMB(BUILD_BUFFER_MB)
            .setCommitOnClose(false);
    IndexWriter indexWriter = new IndexWriter(directory, config);
    Index built =
        new Index(
            folder,
            directory,
            indexWriter,
            new SearcherManager(
                indexWriter,
                new SearcherFactory() {
                  @Override
                  public IndexSearcher newSearcher(IndexReader reader, IndexReader previous) {
                    IndexSearcher searcher = new IndexSearcher(reader);
                    searcher.setQueryCache(null);
                    return searcher;
                  }
                }));
    try {
      long after = 0;
      int count = 0;
      while (true) {
        if (closed) {
          throw new IOException("stopping");
        }
        List<IndexedArticle> batch = articles.indexedAfter(after, BUILD_BATCH);
        for (IndexedArticle a : batch) {
          indexWriter.addDocument(document(a));
          after = a.id();
        }
        count += batch.size();
        if (batch.size() < BUILD_BATCH) {
          break;
        }
      }
      built.searchers().maybeRefreshBlocking();
      log.info(
          "Search index built: {} live articles in {} ms",
          count,
          (System.nanoTime() - started) / 1_000_000);
      return built;
    } catch (IOException | RuntimeException e) {
      built.close();
      throw e;
    }
  }

  private static Document document(IndexedArticle a) {
    Document d = new Document();
    d.add(new StringField(KEY, Long.toString(a.id()), Field.Store.NO));
    d.add(new StringField(LANGUAGE, a.language().code(), Field.Store.NO));
    d.add(new NumericDocValuesField(ID, a.id()));
    d.add(new NumericDocValuesField(PUBLISHED, micros(a.publishedAt())));
    d.add(new Field(HEADLINE, new WordList(a.headline()), WORD_LIST));
    d.add(new Field(STANDFIRST, new WordList(a.standfirst()), WORD_LIST));
    d.add(new Field(WORDS, new WordList(a.words()), WORD_LIST));
    return d;
  }

  /** PostgreSQL keeps microseconds: two articles a few of them apart keep their order here. */
  private static long micros(Instant at) {
    return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1_000);
  }

  /** Words already stemmed by PostgreSQL, one token each. */
  private static final class WordList extends TokenStream {
    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
    private final String[] words;
    private int next;

    WordList(String[] words) {
      this.words = words;
    }

    @Override
    public boolean incrementToken() {
      if (next == words.length) {
        return false;
      }
      clearAttributes();
      term.setEmpty().append(words[next++]);
      return true;
    }

    @Override
    public void reset() throws IOException {
      super.reset();
      next = 0;
    }
  }

  /**
   * Folders of nodes that stopped without deleting theirs (killed): none of their locks is held,
   * and they are an hour old.
   */
  private static void deleteAbandonedFolders() {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    FileTime hourAgo = FileTime.from(Instant.now().minus(Duration.ofHours(1)));
    try (DirectoryStream<Path> folders = Files.newDirectoryStream(tmp, FOLDER_PREFIX + "*")) {
      for (Path folder : folders) {
        if (Files.getLastModifiedTime(folder).compareTo(hourAgo) > 0) {
          continue;
        }
        boolean free;
        try (Directory directory = FSDirectory.open(folder);
            Lock held =
                NativeFSLockFactory.INSTANCE.obtainLock(directory, IndexWriter.WRITE_LOCK_NAME)) {
          free = true;
        } catch (LockObtainFailedException e) {
          free = false;
        }
        if (free) {
          deleteFolder(folder);
        }
      }
    } catch (IOException e) {
      log.debug("Looking for abandoned search index folders", e);
    }
  }

  private static void deleteFolder(Path folder) {
    try (Stream<Path> paths = Files.walk(folder)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      log.debug("Deleting {}", folder, e);
    }
  }

  @PreDestroy
  void stop() {
    closed = true;
    writer.shutdown();
    try {
      writer.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Index old = index;
    index = null;
    if (old != null) {
      old.close();
    }
  }
}
