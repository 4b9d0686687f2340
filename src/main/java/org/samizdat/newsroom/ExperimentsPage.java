package org.samizdat.newsroom;

import java.util.List;
import java.util.Map;
import org.samizdat.revenue.experiments.Experiment;
import org.samizdat.revenue.experiments.Experiments.Form;
import org.samizdat.revenue.experiments.Placement;

/** The list of experiments and the form for a new one. */
public record ExperimentsPage(
    List<Experiment> experiments,
    Form form,
    Map<String, String> problems,
    List<Placement> placements,
    List<Experiment.AllocationMode> modes) {

  static ExperimentsPage of(List<Experiment> experiments, Form form, Map<String, String> problems) {
    return new ExperimentsPage(
        experiments,
        form,
        problems,
        List.of(Placement.values()),
        List.of(Experiment.AllocationMode.values()));
  }

  public String problem(String key) {
    return problems.get(key);
  }

  /** Problems of one variant's fields, in one line. */
  public String variantProblems(int index) {
    String prefix = "variant" + index;
    return problems.entrySet().stream()
        .filter(e -> e.getKey().equals(prefix) || e.getKey().startsWith(prefix + "."))
        .map(Map.Entry::getValue)
        .reduce((a, b) -> a + " " + b)
        .orElse(null);
  }
}
