package org.samizdat.newsroom;

import java.util.List;
import org.samizdat.platform.audit.AuditEntry;

public record AuditPage(
    List<AuditEntry> entries,
    List<String> actions,
    String who,
    String action,
    String from,
    String to) {}
