package org.samizdat.platform;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Input broke a rule; each entry names the field and says, for a person, what to fix. Nothing was
 * stored.
 */
public class InputRejected extends RuntimeException {
  private final Map<String, String> problems;

  public InputRejected(Map<String, String> problems) {
    super(String.join(" ", problems.values()));
    this.problems = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(problems));
  }

  public InputRejected(String field, String message) {
    this(Map.of(field, message));
  }

  public Map<String, String> problems() {
    return problems;
  }
}
