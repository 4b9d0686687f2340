package org.samizdat.newsroom;

import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.samizdat.platform.InputRejected;
import org.samizdat.revenue.GivingDetails;
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
 * Safe giving and the other ways to give, as fields: the words of /support/safely, bank accounts
 * per currency and crypto addresses (shown with a QR code on the support page).
 */
@Controller
class GivingController {

  private final GivingDetails giving;

  GivingController(GivingDetails giving) {
    this.giving = giving;
  }

  @GetMapping("/newsroom/revenue/giving")
  String page(@AuthenticationPrincipal StaffPrincipal me, Model model) {
    requirePublisher(me);
    model.addAttribute("page", page(Map.of(), Map.of()));
    return "newsroom/giving";
  }

  @PostMapping("/newsroom/revenue/giving/safely")
  String saveSafely(
      @RequestParam Map<String, String> params,
      @AuthenticationPrincipal StaffPrincipal me,
      HttpServletResponse response,
      Model model,
      RedirectAttributes redirect) {
    requirePublisher(me);
    return saved(
        () -> giving.saveSafeGiving(params.get("safeGivingEn"), params.get("safeGivingRu")),
        "The safe-giving page is saved.",
        params,
        response,
        model,
        redirect);
  }

  @PostMapping("/newsroom/revenue/giving/bank")
  String addBank(
      @RequestParam Map<String, String> params,
      @AuthenticationPrincipal StaffPrincipal me,
      HttpServletResponse response,
      Model model,
      RedirectAttributes redirect) {
    requirePublisher(me);
    return saved(
        () ->
            giving.addBankAccount(
                params.get("currency"),
                params.get("accountHolder"),
                params.get("iban"),
                params.get("bic"),
                params.get("bankName"),
                params.get("reference")),
        "Bank account added: readers see it on the support page.",
        params,
        response,
        model,
        redirect);
  }

  @PostMapping("/newsroom/revenue/giving/bank/{id}/delete")
  String deleteBank(
      @PathVariable long id,
      @AuthenticationPrincipal StaffPrincipal me,
      RedirectAttributes redirect) {
    requirePublisher(me);
    giving.deleteBankAccount(id);
    redirect.addFlashAttribute("flash", "Bank account removed.");
    return "redirect:/newsroom/revenue/giving";
  }

  @PostMapping("/newsroom/revenue/giving/crypto")
  String addCrypto(
      @RequestParam Map<String, String> params,
      @AuthenticationPrincipal StaffPrincipal me,
      HttpServletResponse response,
      Model model,
      RedirectAttributes redirect) {
    requirePublisher(me);
    return saved(
        () -> giving.addCryptoAddress(params.get("cryptoCurrency"), params.get("address")),
        "Address added: readers see it with its QR code.",
        params,
        response,
        model,
        redirect);
  }

  @PostMapping("/newsroom/revenue/giving/crypto/{id}/delete")
  String deleteCrypto(
      @PathVariable long id,
      @AuthenticationPrincipal StaffPrincipal me,
      RedirectAttributes redirect) {
    requirePublisher(me);
    giving.deleteCryptoAddress(id);
    redirect.addFlashAttribute("flash", "Address removed.");
    return "redirect:/newsroom/revenue/giving";
  }

  private String rejected(
      Map<String, String> params, InputRejected e, HttpServletResponse response, Model model) {
    response.setStatus(400);
    model.addAttribute("page", page(params, e.problems()));
    return "newsroom/giving";
  }

  private GivingPage page(Map<String, String> typed, Map<String, String> errors) {
    return new GivingPage(
        giving.safeGiving(), giving.bankAccounts(), giving.cryptoAddresses(), typed, errors);
  }

  private static void requirePublisher(StaffPrincipal me) {
    if (me == null || !me.role().canPublish()) {
      throw new AccessDeniedException("Only editors and admins change the ways to give.");
    }
  }

  /**
   * Runs one of the screen's saves: on success back to the screen with the flash, on refusal the
   * screen again with what was typed and every problem named (400).
   */
  private String saved(
      Runnable save,
      String flash,
      Map<String, String> params,
      HttpServletResponse response,
      Model model,
      RedirectAttributes redirect) {
    try {
      save.run();
    } catch (InputRejected e) {
      return rejected(params, e, response, model);
    }
    redirect.addFlashAttribute("flash", flash);
    return "redirect:/newsroom/revenue/giving";
  }
}
