package org.samizdat.newsroom;

import java.util.List;
import org.samizdat.revenue.PaymentReviews.Review;

/** Payments to review, the latest reviewed ones, and what was wrong with the last form, if any. */
public record PaymentReviewsPage(
    List<Review> open, long openCount, List<Review> reviewed, String problem) {

  public static String railName(String provider) {
    return ContributionsPage.railName(provider);
  }
}
