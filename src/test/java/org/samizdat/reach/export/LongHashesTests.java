package org.samizdat.reach.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LongHashesTests {

  @Test
  void theSetHoldsWhatWasAddedOnceAndNothingElse() {
    LongHashes.LongSet set = new LongHashes.LongSet();
    Set<Long> expected = new HashSet<>();
    Random random = new Random(14);
    for (int i = 0; i < 50_000; i++) {
      long key = i % 7 == 0 ? 0 : random.nextInt(40_000);
      assertThat(set.add(key)).isEqualTo(expected.add(key));
    }
    assertThat(set.size()).isEqualTo(expected.size());
    for (long key = -10; key < 41_000; key++) {
      assertThat(set.contains(key)).isEqualTo(expected.contains(key));
    }
  }

  @Test
  void theMapKeepsTheFirstValueAndForgetsRemovedKeysWithoutLosingOthers() {
    LongHashes.LongObjectMap<String> map = new LongHashes.LongObjectMap<>();
    Map<Long, String> expected = new HashMap<>();
    Random random = new Random(6);
    for (int i = 0; i < 200_000; i++) {
      // few distinct keys, so removals happen inside runs of neighbouring slots
      long key = random.nextInt(3_000) - 100;
      if (random.nextBoolean()) {
        assertThat(map.putIfAbsent(key, "v" + i)).isEqualTo(!expected.containsKey(key));
        expected.putIfAbsent(key, "v" + i);
      } else {
        map.remove(key);
        expected.remove(key);
      }
    }
    assertThat(map.size()).isEqualTo(expected.size());
    for (long key = -200; key < 3_100; key++) {
      assertThat(map.get(key)).isEqualTo(expected.get(key));
      assertThat(map.containsKey(key)).isEqualTo(expected.containsKey(key));
    }
    Set<Long> keys = new HashSet<>();
    map.forEachKey(keys::add);
    assertThat(keys).isEqualTo(expected.keySet());
  }

  @Test
  void theLongMapAnswersTheLastValuePut() {
    LongHashes.LongLongMap map = new LongHashes.LongLongMap(4);
    for (long key = 0; key < 10_000; key++) {
      map.put(LongHashes.of("file-" + key), key);
    }
    map.put(LongHashes.of("file-3"), 33);
    map.putIfAbsent(LongHashes.of("file-4"), 44);
    assertThat(map.get(LongHashes.of("file-3"), -1)).isEqualTo(33);
    assertThat(map.get(LongHashes.of("file-4"), -1)).isEqualTo(4);
    assertThat(map.get(LongHashes.of("file-9999"), -1)).isEqualTo(9999);
    assertThat(map.get(LongHashes.of("file-10000"), -1)).isEqualTo(-1);
  }

  @Test
  void namesOfACopyOfAHundredThousandArticlesHashApart() {
    LongHashes.LongSet hashes = new LongHashes.LongSet();
    int files = 0;
    for (int day = 0; day < 3_650; day++) {
      for (int n = 0; n < 30; n++, files++) {
        String file =
            "%d/%02d/%02d/story-number-%d/index.html"
                .formatted(2016 + day / 365, 1 + day / 31 % 12, 1 + day % 28, n);
        hashes.add(LongHashes.of(file + day));
      }
    }
    assertThat(hashes.size()).isEqualTo(files);
  }
}
