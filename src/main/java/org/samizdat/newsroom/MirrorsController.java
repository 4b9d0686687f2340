package org.samizdat.newsroom;

import jakarta.servlet.http.HttpServletResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.samizdat.platform.InputRejected;
import org.samizdat.platform.audit.AuditLog;
import org.samizdat.reach.MirrorList;
import org.samizdat.reach.MirrorStatus;
import org.samizdat.reach.Mirrors;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Mirrors and the onion address, kept by editors and admins; their health; the list's signing key.
 */
@Controller
class MirrorsController {

  private final Mirrors mirrors;

  private final AuditLog audit;

  MirrorsController(Mirrors mirrors, AuditLog audit) {
    this.audit = audit;
    this.mirrors = mirrors;
  }

  @GetMapping("/newsroom/mirrors")
  String show(@AuthenticationPrincipal StaffPrincipal me, Model model) {
    requirePublisher(me);
    model.addAttribute("page", currentPage(Map.of(), me));
    return "newsroom/mirrors";
  }

  @PostMapping("/newsroom/mirrors")
  String save(
      @RequestParam(defaultValue = "") String mirrorUrls,
      @RequestParam(defaultValue = "") String onion,
      @AuthenticationPrincipal StaffPrincipal me,
      HttpServletResponse response,
      Model model,
      RedirectAttributes redirect) {
    requirePublisher(me);
    try {
      mirrors.replace(lines(mirrorUrls), onion);
      audit.record("settings-change", "mirrors and onion address");
    } catch (InputRejected e) {
      response.setStatus(400);
      model.addAttribute("page", page(mirrors.current(), mirrorUrls, onion, e.problems(), me));
      return "newsroom/mirrors";
    }
    redirect.addFlashAttribute(
        "flash",
        "Mirrors and onion address saved. Readers see them on the about page and in /mirrors.json.");
    return "redirect:/newsroom/mirrors";
  }

  @PostMapping("/newsroom/mirrors/check")
  String check(@AuthenticationPrincipal StaffPrincipal me, RedirectAttributes redirect) {
    requirePublisher(me);
    MirrorList list = mirrors.checkNow();
    long up = list.mirrors().stream().filter(m -> m.status() == MirrorStatus.UP).count();
    redirect.addFlashAttribute(
        "flash",
        "Checked "
            + Format.count(list.mirrors().size(), "mirror", "mirrors")
            + ": "
            + up
            + " up to date.");
    return "redirect:/newsroom/mirrors";
  }

  /** Admins only: the key is what apps trust; a rotation cannot be taken back within the site. */
  @PostMapping("/newsroom/mirrors/rotate-key")
  String rotateKey(
      @AuthenticationPrincipal StaffPrincipal me,
      HttpServletResponse response,
      Model model,
      RedirectAttributes redirect) {
    if (me.role() != StaffRole.ADMIN) {
      throw new AccessDeniedException("Only admins rotate the key that signs the mirror list.");
    }
    try {
      mirrors.startSigningKeyRotation();
      audit.record("settings-change", "mirror list signing key rotation started");
    } catch (InputRejected e) {
      response.setStatus(409);
      model.addAttribute("page", currentPage(e.problems(), me));
      return "newsroom/mirrors";
    }
    redirect.addFlashAttribute(
        "flash",
        "Rotation started: /mirrors.json now announces the next key, and that key signs from "
            + Format.dateTime(mirrors.signingKey().handsOverAt())
            + ".");
    return "redirect:/newsroom/mirrors";
  }

  /** One address a line; commas and spaces also separate, for lists pasted from elsewhere. */
  static List<String> lines(String text) {
    return Arrays.stream(text.split("[\\s,]+")).filter(s -> !s.isBlank()).toList();
  }

  /** The screen with the list as it is now in its fields. */
  private MirrorsPage currentPage(Map<String, String> errors, StaffPrincipal me) {
    MirrorList list = mirrors.current();
    return page(
        list,
        String.join("\n", list.urls()),
        list.onionAddress() == null ? "" : list.onionAddress(),
        errors,
        me);
  }

  private MirrorsPage page(
      MirrorList list,
      String mirrorsText,
      String onionText,
      Map<String, String> errors,
      StaffPrincipal me) {
    return new MirrorsPage(
        list,
        mirrorsText,
        onionText,
        errors,
        mirrors.publicKeyBase64(),
        mirrors.publicKeyPem(),
        mirrors.verifyCommands(),
        mirrors.signingKey(),
        me.role() == StaffRole.ADMIN);
  }

  private static void requirePublisher(StaffPrincipal me) {
    if (!me.role().canPublish()) {
      throw new AccessDeniedException(
          "Only editors and admins manage mirrors and the onion address.");
    }
  }
}
