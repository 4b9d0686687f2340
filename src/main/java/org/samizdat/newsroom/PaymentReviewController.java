package org.samizdat.newsroom;

import jakarta.servlet.http.HttpServletResponse;
import org.samizdat.platform.InputRejected;
import org.samizdat.platform.audit.AuditLog;
import org.samizdat.platform.web.NotFoundException;
import org.samizdat.revenue.PaymentReviews;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Payments to review (late, partial, overpaid crypto invoices): what arrived, in the gift's
 * currency, and a way to say someone looked at it.
 */
@Controller
class PaymentReviewController {

  private static final int SHOWN = 200;
  private static final int REVIEWED_SHOWN = 50;

  private final PaymentReviews reviews;
  private final AuditLog audit;

  PaymentReviewController(PaymentReviews reviews, AuditLog audit) {
    this.reviews = reviews;
    this.audit = audit;
  }

  @GetMapping("/newsroom/revenue/reviews")
  String list(@AuthenticationPrincipal StaffPrincipal me, Model model) {
    requirePublisher(me);
    model.addAttribute("page", page(null));
    return "newsroom/revenue-reviews";
  }

  @PostMapping("/newsroom/revenue/reviews/{id}/reviewed")
  String markReviewed(
      @PathVariable long id,
      @RequestParam(required = false) String note,
      @AuthenticationPrincipal StaffPrincipal me,
      HttpServletResponse response,
      Model model,
      RedirectAttributes redirect) {
    requirePublisher(me);
    PaymentReviews.Review review =
        reviews
            .find(id)
            .orElseThrow(
                () -> new NotFoundException("There is no payment to review with id " + id));
    boolean marked;
    try {
      marked = reviews.markReviewed(id, me.email(), note);
    } catch (InputRejected e) {
      response.setStatus(400);
      model.addAttribute("page", page(e.problems().values().iterator().next()));
      return "newsroom/revenue-reviews";
    }
    if (marked) {
      audit.record("payment-reviewed", review.provider() + " payment " + review.paymentId());
      redirect.addFlashAttribute("flash", "Payment " + review.paymentId() + " is marked reviewed.");
    } else {
      redirect.addFlashAttribute(
          "flash",
          "Payment "
              + review.paymentId()
              + " was already marked reviewed by "
              + review.reviewedBy()
              + ".");
    }
    return "redirect:/newsroom/revenue/reviews";
  }

  private PaymentReviewsPage page(String problem) {
    return new PaymentReviewsPage(
        reviews.open(SHOWN), reviews.openCount(), reviews.reviewed(REVIEWED_SHOWN), problem);
  }

  private static void requirePublisher(StaffPrincipal me) {
    if (me == null || !me.role().canPublish()) {
      throw new AccessDeniedException("Only editors and admins see the payments to review.");
    }
  }
}
