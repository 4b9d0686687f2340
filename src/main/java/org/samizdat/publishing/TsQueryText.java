package org.samizdat.publishing;

import java.util.Optional;

/**
 * A PostgreSQL {@code tsquery} in its text form (what {@code websearch_to_tsquery(...)::text}
 * prints: {@code 'vote' & !'ban' | 'parliament'}) read back as a tree of words, and, or and not, so
 * the search index can answer it exactly as PostgreSQL's {@code @@} would. Phrases ({@code <->},
 * {@code <N>}), prefixes ({@code :*}) and weights ({@code :A}) are not read: the caller asks
 * PostgreSQL instead.
 */
final class TsQueryText {

  /** A query's tree. */
  sealed interface Node {}

  record Word(String lexeme) implements Node {}

  record Not(Node operand) implements Node {}

  record And(Node left, Node right) implements Node {}

  record Or(Node left, Node right) implements Node {}

  /** A query that matches nothing: stop words only, or nothing to search for. */
  record Nothing() implements Node {}

  private final String text;
  private int at;

  private TsQueryText(String text) {
    this.text = text;
  }

  /**
   * The tree of this query text, or empty when it holds what the index does not answer (a phrase, a
   * prefix, a weight) or is not a query PostgreSQL printed.
   */
  static Optional<Node> parse(String text) {
    if (text == null || text.isBlank()) {
      return Optional.of(new Nothing());
    }
    TsQueryText parser = new TsQueryText(text);
    try {
      Node node = parser.or();
      parser.skipSpaces();
      return parser.at == text.length() ? Optional.of(node) : Optional.empty();
    } catch (Unsupported e) {
      return Optional.empty();
    }
  }

  /** Thrown inside the parser for anything it does not read; never leaves {@link #parse}. */
  private static final class Unsupported extends RuntimeException {
    Unsupported() {
      super(null, null, false, false);
    }
  }

  // precedence, loosest first: |, &, then <-> (not read), then !

  private Node or() {
    Node left = and();
    while (consume('|')) {
      left = new Or(left, and());
    }
    return left;
  }

  private Node and() {
    Node left = unary();
    while (true) {
      skipSpaces();
      if (at < text.length() && text.charAt(at) == '<') {
        throw new Unsupported(); // a phrase: the index keeps no positions
      }
      if (!consume('&')) {
        return left;
      }
      left = new And(left, unary());
    }
  }

  private Node unary() {
    if (consume('!')) {
      return new Not(unary());
    }
    if (consume('(')) {
      Node inner = or();
      if (!consume(')')) {
        throw new Unsupported();
      }
      return inner;
    }
    return word();
  }

  private Node word() {
    skipSpaces();
    if (at >= text.length() || text.charAt(at) != '\'') {
      throw new Unsupported();
    }
    StringBuilder lexeme = new StringBuilder();
    at++;
    while (true) {
      if (at >= text.length()) {
        throw new Unsupported();
      }
      char c = text.charAt(at++);
      if (c == '\'') {
        if (at < text.length() && text.charAt(at) == '\'') {
          lexeme.append('\'');
          at++;
        } else {
          break;
        }
      } else if (c == '\\' && at < text.length()) {
        lexeme.append(text.charAt(at++));
      } else {
        lexeme.append(c);
      }
    }
    if (at < text.length() && text.charAt(at) == ':') {
      throw new Unsupported(); // a prefix or a weight
    }
    return new Word(lexeme.toString());
  }

  private boolean consume(char c) {
    skipSpaces();
    if (at < text.length() && text.charAt(at) == c) {
      at++;
      return true;
    }
    return false;
  }

  private void skipSpaces() {
    while (at < text.length() && text.charAt(at) == ' ') {
      at++;
    }
  }
}
