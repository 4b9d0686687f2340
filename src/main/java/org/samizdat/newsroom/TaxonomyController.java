package org.samizdat.newsroom;

import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.samizdat.platform.InputRejected;
import org.samizdat.platform.i18n.Language;
import org.samizdat.platform.web.BadRequestException;
import org.samizdat.publishing.Taxonomy;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Sections, authors and tags, managed by editors and admins. */
@Controller
class TaxonomyController {

  private final Taxonomy taxonomy;

  TaxonomyController(Taxonomy taxonomy) {
    this.taxonomy = taxonomy;
  }

  @GetMapping({"/newsroom/sections", "/newsroom/authors", "/newsroom/tags"})
  String show(
      jakarta.servlet.http.HttpServletRequest request,
      @AuthenticationPrincipal StaffPrincipal me,
      Model model) {
    requirePublisher(me);
    String kind = request.getServletPath().substring("/newsroom/".length());
    model.addAttribute("page", new TaxonomyPage(kind, taxonomy, Map.of()));
    return "newsroom/taxonomy";
  }

  @PostMapping("/newsroom/sections")
  String createSection(
      @RequestParam(defaultValue = "") String slug,
      @RequestParam(defaultValue = "") String nameEn,
      @RequestParam(defaultValue = "") String nameRu,
      @RequestParam(defaultValue = "0") int position,
      @AuthenticationPrincipal StaffPrincipal me,
      HttpServletResponse response,
      Model model,
      RedirectAttributes redirect) {
    return change(
        "sections",
        () -> taxonomy.createSection(slug.trim(), nameEn, nameRu, position),
        "Section added.",
        me,
        response,
        model,
        redirect);
  }

  @PostMapping("/newsroom/sections/{id}")
  String updateSection(
      @PathVariable long id,
      @RequestParam(defaultValue = "") String nameEn,
      @RequestParam(defaultValue = "") String nameRu,
      @RequestParam(defaultValue = "0") int position,
      @AuthenticationPrincipal StaffPrincipal me,
      HttpServletResponse response,
      Model model,
      RedirectAttributes redirect) {
    return change(
        "sections",
        () -> taxonomy.updateSection(id, nameEn, nameRu, position),
        "Section saved.",
        me,
        response,
        model,
        redirect);
  }

  @PostMapping("/newsroom/authors")
  String createAuthor(
      @RequestParam(defaultValue = "") String name,
      @RequestParam(defaultValue = "") String slug,
      @RequestParam(defaultValue = "") String bio,
      @AuthenticationPrincipal StaffPrincipal me,
      HttpServletResponse response,
      Model model,
      RedirectAttributes redirect) {
    return change(
        "authors",
        () -> taxonomy.createAuthor(name, slug, bio),
        "Author added.",
        me,
        response,
        model,
        redirect);
  }

  @PostMapping("/newsroom/authors/{id}")
  String updateAuthor(
      @PathVariable long id,
      @RequestParam(defaultValue = "") String name,
      @RequestParam(defaultValue = "") String bio,
      @AuthenticationPrincipal StaffPrincipal me,
      HttpServletResponse response,
      Model model,
      RedirectAttributes redirect) {
    return change(
        "authors",
        () -> taxonomy.updateAuthor(id, name, bio),
        "Author saved.",
        me,
        response,
        model,
        redirect);
  }

  @PostMapping("/newsroom/tags")
  String createTag(
      @RequestParam(defaultValue = "") String language,
      @RequestParam(defaultValue = "") String name,
      @AuthenticationPrincipal StaffPrincipal me,
      HttpServletResponse response,
      Model model,
      RedirectAttributes redirect) {
    requirePublisher(me);
    Language lang =
        Language.fromCode(language)
            .orElseThrow(() -> new BadRequestException("Choose English or Russian for the tag."));
    if (name.isBlank() || name.trim().length() > 80) {
      return rejected(
          "tags",
          new InputRejected("name", "A tag needs a name of 1 to 80 characters."),
          response,
          model);
    }
    if (org.samizdat.publishing.Slugs.from(name, 80).isEmpty()) {
      // its address is made from the name's letters and digits
      return rejected(
          "tags",
          new InputRejected("name", "A tag's name needs at least one letter or digit."),
          response,
          model);
    }
    taxonomy.tag(lang, name, true);
    redirect.addFlashAttribute("flash", "Tag added.");
    return "redirect:/newsroom/tags";
  }

  @PostMapping("/newsroom/tags/{id}")
  String renameTag(
      @PathVariable long id,
      @RequestParam(defaultValue = "") String name,
      @AuthenticationPrincipal StaffPrincipal me,
      HttpServletResponse response,
      Model model,
      RedirectAttributes redirect) {
    return change(
        "tags", () -> taxonomy.renameTag(id, name), "Tag renamed.", me, response, model, redirect);
  }

  /** Makes the change, then back to the list with a flash; a refused change shows why (400). */
  private String change(
      String kind,
      Runnable change,
      String flash,
      StaffPrincipal me,
      HttpServletResponse response,
      Model model,
      RedirectAttributes redirect) {
    requirePublisher(me);
    try {
      change.run();
    } catch (InputRejected e) {
      return rejected(kind, e, response, model);
    }
    redirect.addFlashAttribute("flash", flash);
    return "redirect:/newsroom/" + kind;
  }

  private String rejected(String kind, InputRejected e, HttpServletResponse response, Model model) {
    response.setStatus(400);
    model.addAttribute("page", new TaxonomyPage(kind, taxonomy, e.problems()));
    return "newsroom/taxonomy";
  }

  private static void requirePublisher(StaffPrincipal me) {
    if (!me.role().canPublish()) {
      throw new AccessDeniedException("Only editors and admins manage sections, authors and tags.");
    }
  }
}
