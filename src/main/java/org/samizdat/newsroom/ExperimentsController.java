package org.samizdat.newsroom;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.samizdat.platform.InputRejected;
import org.samizdat.revenue.experiments.ExperimentResults;
import org.samizdat.revenue.experiments.ExperimentResults.VariantResult;
import org.samizdat.revenue.experiments.Experiments;
import org.samizdat.revenue.experiments.Experiments.Form;
import org.samizdat.revenue.experiments.Experiments.VariantForm;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Appeal experiments for editors: create, start, pause, stop, read the results, adopt a winner. */
@Controller
class ExperimentsController {

  static final int MAX_VARIANTS = 5;

  private final Experiments experiments;

  ExperimentsController(Experiments experiments) {
    this.experiments = experiments;
  }

  @GetMapping("/newsroom/revenue/experiments")
  String list(@AuthenticationPrincipal StaffPrincipal me, Model model) {
    requirePublisher(me);
    model.addAttribute("page", ExperimentsPage.of(experiments.all(), emptyForm(), Map.of()));
    return "newsroom/experiments";
  }

  @PostMapping("/newsroom/revenue/experiments")
  String create(
      @RequestParam Map<String, String> params,
      @AuthenticationPrincipal StaffPrincipal me,
      HttpServletResponse response,
      Model model,
      RedirectAttributes redirect) {
    requirePublisher(me);
    Form form = form(params);
    long id;
    try {
      id = experiments.create(form);
    } catch (InputRejected e) {
      response.setStatus(400);
      model.addAttribute("page", ExperimentsPage.of(experiments.all(), form, e.problems()));
      return "newsroom/experiments";
    }
    redirect.addFlashAttribute("flash", "Experiment created as a draft: start it when ready.");
    return "redirect:/newsroom/revenue/experiments/" + id;
  }

  @GetMapping("/newsroom/revenue/experiments/{id}")
  String show(@PathVariable long id, @AuthenticationPrincipal StaffPrincipal me, Model model) {
    requirePublisher(me);
    model.addAttribute("page", new ExperimentPage(results(id)));
    return "newsroom/experiment";
  }

  @PostMapping("/newsroom/revenue/experiments/{id}/{action}")
  String act(
      @PathVariable long id,
      @PathVariable String action,
      @RequestParam(required = false) Long variant,
      @AuthenticationPrincipal StaffPrincipal me,
      HttpServletResponse response,
      Model model,
      RedirectAttributes redirect) {
    requirePublisher(me);
    String done;
    try {
      switch (action) {
        case "start" -> {
          experiments.start(id);
          done = "Experiment running: readers' pages carry it within a minute.";
        }
        case "pause" -> {
          experiments.pause(id);
          done = "Experiment paused: every reader sees the control meanwhile.";
        }
        case "stop" -> {
          experiments.stop(id);
          done = "Experiment stopped.";
        }
        case "delete" -> {
          experiments.delete(id);
          redirect.addFlashAttribute("flash", "Draft deleted.");
          return "redirect:/newsroom/revenue/experiments";
        }
        case "adopt" -> {
          if (variant == null) {
            throw new InputRejected("variant", "Choose the variant to make the copy.");
          }
          experiments.adopt(id, variant);
          done = "The variant's words and amounts are now the copy; the experiment has stopped.";
        }
        default -> throw new org.samizdat.platform.web.NotFoundException("No such action.");
      }
    } catch (InputRejected e) {
      response.setStatus(409);
      model.addAttribute(
          "page", new ExperimentPage(results(id), String.join(" ", e.problems().values())));
      return "newsroom/experiment";
    }
    redirect.addFlashAttribute("flash", done);
    return "redirect:/newsroom/revenue/experiments/" + id;
  }

  @GetMapping("/newsroom/revenue/experiments/{id}/results.csv")
  void csv(
      @PathVariable long id,
      @AuthenticationPrincipal StaffPrincipal me,
      HttpServletResponse response)
      throws IOException {
    requirePublisher(me);
    ExperimentResults results = results(id);
    response.setContentType("text/csv; charset=utf-8");
    response.setHeader(
        "Content-Disposition", "attachment; filename=\"experiment-" + id + "-results.csv\"");
    response.setHeader("Cache-Control", "no-store");
    Writer w = response.getWriter();
    w.write("day,variant,shown,gifts,conversion\r\n");
    for (var day : results.days()) {
      for (VariantResult r : results.variants()) {
        long[] d = r.daily().get(day);
        if (d == null) {
          continue;
        }
        w.write(
            day
                + ","
                + ContributionsCsv.quote(ContributionsCsv.neutralise(r.variant().name()))
                + ","
                + d[0]
                + ","
                + d[1]
                + ","
                + (d[0] == 0
                    ? ""
                    : String.format(java.util.Locale.ROOT, "%.5f", (double) d[1] / d[0]))
                + "\r\n");
      }
    }
    w.write(
        "\r\ntotal,variant,shown,continue,checkout,gifts,revenue_"
            + results.currency()
            + ",probability_best\r\n");
    for (VariantResult r : results.variants()) {
      w.write(
          "total,"
              + ContributionsCsv.quote(ContributionsCsv.neutralise(r.variant().name()))
              + ","
              + r.shown()
              + ","
              + r.continued()
              + ","
              + r.checkouts()
              + ","
              + r.gifts()
              + ","
              + ExperimentPage.major(r.revenueMinor(), results.currency())
              + ","
              + String.format(java.util.Locale.ROOT, "%.4f", r.probabilityBest())
              + "\r\n");
    }
    w.flush();
  }

  private ExperimentResults results(long id) {
    try {
      return experiments.results(id);
    } catch (InputRejected e) {
      throw new org.samizdat.platform.web.NotFoundException(
          e.problems().values().iterator().next());
    }
  }

  static Form emptyForm() {
    List<VariantForm> variants = new ArrayList<>();
    for (int i = 0; i < MAX_VARIANTS; i++) {
      variants.add(
          new VariantForm(
              i == 0 ? "Control" : i == 1 ? "Variant B" : "",
              "",
              "",
              "",
              "",
              "",
              "",
              "",
              "",
              "",
              i < 2 ? "50" : ""));
    }
    return new Form("", "appeal", "BANDIT_CONVERSION", "5", variants);
  }

  private static Form form(Map<String, String> p) {
    List<VariantForm> variants = new ArrayList<>();
    for (int i = 0; i < MAX_VARIANTS; i++) {
      String k = "v" + i + ".";
      variants.add(
          new VariantForm(
              p.get(k + "name"),
              p.get(k + "headingEn"),
              p.get(k + "headingRu"),
              p.get(k + "copyEn"),
              p.get(k + "copyRu"),
              p.get(k + "buttonEn"),
              p.get(k + "buttonRu"),
              p.get(k + "frequency"),
              p.get(k + "suggested"),
              p.get(k + "preselected"),
              p.get(k + "split")));
    }
    return new Form(
        p.get("name"), p.get("placement"), p.get("allocation"), p.get("floor"), variants);
  }

  private static void requirePublisher(StaffPrincipal me) {
    if (me == null || !me.role().canPublish()) {
      throw new AccessDeniedException("Only editors and admins run appeal experiments.");
    }
  }
}
