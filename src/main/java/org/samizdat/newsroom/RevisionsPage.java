package org.samizdat.newsroom;

import java.util.List;
import org.samizdat.publishing.Article;
import org.samizdat.publishing.Revision;

public record RevisionsPage(
    Article article, List<Revision> revisions, boolean canRestore, String timeZone) {}
