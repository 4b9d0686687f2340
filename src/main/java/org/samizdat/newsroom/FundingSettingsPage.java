package org.samizdat.newsroom;

import java.util.List;
import java.util.Map;
import org.samizdat.revenue.Frequency;
import org.samizdat.revenue.FundingSettingsEditor;
import org.samizdat.revenue.FundingSettingsEditor.Form;
import org.samizdat.revenue.FundingSettingsEditor.RuleForm;

/**
 * The funding settings form, as saved or as last sent, with a message per field that was refused.
 */
public record FundingSettingsPage(Form form, List<String> currencies, Map<String, String> errors) {

  static final String NEW_RULE = "newRule";

  public String error(String field) {
    return errors.get(field);
  }

  public boolean invalid(String field) {
    return errors.containsKey(field);
  }

  public List<RuleForm> rules() {
    return form.rules().stream().filter(r -> !NEW_RULE.equals(r.key())).toList();
  }

  public RuleForm newRule() {
    return form.rules().stream()
        .filter(r -> NEW_RULE.equals(r.key()))
        .findFirst()
        .orElse(new RuleForm(NEW_RULE, "", "", "", "", ""));
  }

  public List<Frequency> frequencies() {
    return List.of(Frequency.values());
  }

  public int maxSuggested() {
    return FundingSettingsEditor.MAX_SUGGESTED;
  }
}
