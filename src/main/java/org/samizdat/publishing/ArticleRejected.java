package org.samizdat.publishing;

import java.util.Map;
import org.samizdat.platform.InputRejected;

/** An article change broke a rule; nothing was stored. */
public class ArticleRejected extends InputRejected {
  public ArticleRejected(Map<String, String> problems) {
    super(problems);
  }

  public ArticleRejected(String field, String message) {
    super(field, message);
  }
}
