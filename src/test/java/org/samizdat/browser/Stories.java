package org.samizdat.browser;

import java.time.ZoneId;
import java.util.List;
import org.samizdat.platform.i18n.Language;
import org.samizdat.publishing.Actor;
import org.samizdat.publishing.ArticleDraft;
import org.samizdat.publishing.Articles;
import org.samizdat.publishing.Publishing;

/**
 * The articles a browser test reads: published now by one author, with a standfirst and two short
 * paragraphs named after the headline, no section, tags or picture.
 */
record Stories(Publishing publishing, Articles articles, ZoneId zone, Actor editor) {

  /** Publishes one and answers its path on the site. */
  String publish(Language language, String headline, long author, Long translationOf) {
    long id =
        publishing.create(
            new ArticleDraft(
                language.code(),
                "",
                headline,
                "Standfirst of " + headline,
                "Body of " + headline + ".\n\nA second paragraph.",
                null,
                List.of(),
                List.of(author),
                null,
                "",
                "",
                translationOf),
            editor);
    publishing.publishNow(id, editor);
    return articles.get(id).path(zone);
  }
}
