package org.samizdat.newsroom;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class WordDiffTests {

  @Test
  void marksWholeWordsRemovedAndAdded() {
    List<WordDiff.Run> runs =
        WordDiff.between("The mayor said nothing today.", "The mayor said everything today.");
    assertThat(runs)
        .containsExactly(
            new WordDiff.Run("same", "The mayor said "),
            new WordDiff.Run("removed", "nothing"),
            new WordDiff.Run("added", "everything"),
            new WordDiff.Run("same", " today."));
    assertThat(WordDiff.changed(runs)).isTrue();
  }

  @Test
  void identicalTextsHaveNoChangesAndEmptyTextsWork() {
    assertThat(WordDiff.changed(WordDiff.between("same words", "same words"))).isFalse();
    assertThat(WordDiff.between("", "new")).containsExactly(new WordDiff.Run("added", "new"));
    assertThat(WordDiff.between("old", "")).containsExactly(new WordDiff.Run("removed", "old"));
  }
}
