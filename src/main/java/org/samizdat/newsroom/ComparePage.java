package org.samizdat.newsroom;

import java.util.List;
import org.samizdat.publishing.Article;
import org.samizdat.publishing.Revision;

/** Two revisions of an article compared word by word. */
public record ComparePage(
    Article article,
    List<Revision> revisions,
    Revision from,
    Revision to,
    List<WordDiff.Run> headline,
    List<WordDiff.Run> standfirst,
    List<WordDiff.Run> body,
    String timeZone) {}
