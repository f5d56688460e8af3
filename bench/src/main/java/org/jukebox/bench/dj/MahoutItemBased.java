package org.jukebox.bench.dj;

import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import org.apache.mahout.cf.taste.common.NoSuchUserException;
import org.apache.mahout.cf.taste.common.TasteException;
import org.apache.mahout.cf.taste.impl.common.FastByIDMap;
import org.apache.mahout.cf.taste.impl.common.FastIDSet;
import org.apache.mahout.cf.taste.impl.model.GenericBooleanPrefDataModel;
import org.apache.mahout.cf.taste.impl.recommender.GenericBooleanPrefItemBasedRecommender;
import org.apache.mahout.cf.taste.impl.similarity.LogLikelihoodSimilarity;
import org.apache.mahout.cf.taste.recommender.IDRescorer;
import org.apache.mahout.cf.taste.recommender.RecommendedItem;

/**
 * Apache Mahout's item-based recommender (mahout-mr 0.13.0, the in-memory "Taste" classes) with
 * log-likelihood similarity over boolean preferences: a listener-song pair is a preference
 * exactly when the DJ's rules give it a positive faded sum ({@link HoldOut#liked}), the same
 * evidence the DJ and the popularity baseline get. {@link GenericBooleanPrefItemBasedRecommender}
 * scores a candidate by the sum of its similarities to the listener's songs, as Mahout documents
 * for boolean data; the candidates are Mahout's default (songs that co-occur with the listener's).
 *
 * <p>Mahout itself leaves out the listener's own preferences; songs heard but not preferred (skipped
 * in training) are filtered with an {@link IDRescorer}, so the exclusion is the same as for every
 * other method. A listener with no preference at all is unknown to Mahout: an empty list.
 *
 * <p>Thread-safe as far as Mahout's recommender is (it is documented so).
 */
final class MahoutItemBased implements Method {
  private final GenericBooleanPrefItemBasedRecommender recommender;
  private final int users;
  private final long pairs;

  /**
   * @param liked per listener, the songs it prefers (sorted, distinct)
   */
  MahoutItemBased(int users, IntFunction<int[]> liked) {
    FastByIDMap<FastIDSet> prefs = new FastByIDMap<>(users);
    int known = 0;
    long n = 0;
    for (int u = 0; u < users; u++) {
      int[] songs = liked.apply(u);
      if (songs.length == 0) {
        continue;
      }
      FastIDSet set = new FastIDSet(songs.length);
      for (int s : songs) {
        set.add(s);
      }
      prefs.put(u, set);
      known++;
      n += songs.length;
    }
    GenericBooleanPrefDataModel model = new GenericBooleanPrefDataModel(prefs);
    this.recommender = new GenericBooleanPrefItemBasedRecommender(model, new LogLikelihoodSimilarity(model));
    this.users = known;
    this.pairs = n;
  }

  @Override
  public String name() {
    return "Mahout item-based (LLR)";
  }

  /** Listeners Mahout knows (with at least one preference). */
  int users() {
    return users;
  }

  /** Preference pairs Mahout was given. */
  long pairs() {
    return pairs;
  }

  @Override
  public int[] recommend(int user, int n, int[] heard) throws TasteException {
    List<RecommendedItem> items;
    try {
      items = recommender.recommend(user, n, new Exclude(heard), false);
    } catch (NoSuchUserException e) {
      return new int[0];
    }
    int[] out = new int[items.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (int) items.get(i).getItemID();
    }
    return out;
  }

  /** Filters the listener's heard songs; rescores nothing. */
  private record Exclude(int[] heard) implements IDRescorer {
    @Override
    public double rescore(long id, double originalScore) {
      return originalScore;
    }

    @Override
    public boolean isFiltered(long id) {
      return Arrays.binarySearch(heard, (int) id) >= 0;
    }
  }
}
