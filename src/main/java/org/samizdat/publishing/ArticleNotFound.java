package org.samizdat.publishing;

import org.samizdat.platform.web.NotFoundException;

public class ArticleNotFound extends NotFoundException {
  public ArticleNotFound(long id) {
    super("There is no article number " + id + ".");
  }
}
